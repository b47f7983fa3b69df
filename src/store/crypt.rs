//! Encryption at rest: a casebook with a passphrase is written as an `age` file (scrypt
//! passphrase mode), and so is everything else written for it — its snapshots, its recovery
//! file and the temporary files they pass through — because every write goes through
//! [`seal`]. The plain text inside still carries its checksum; age's authentication catches
//! any change to the ciphertext as well.

use age::secrecy::SecretString;
use std::borrow::Cow;
use std::io;

/// What every age file starts with.
const MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// A casebook's passphrase, held in memory while it is open.
#[derive(Clone)]
pub struct Key {
    passphrase: SecretString,
    /// scrypt's log2(N) for new files; `None` is age's default (about a second here).
    work_factor: Option<u8>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Key {
    pub fn new(passphrase: impl Into<String>) -> Self {
        Self {
            passphrase: SecretString::from(passphrase.into()),
            work_factor: None,
        }
    }

    /// A key writing with a low scrypt work factor, so tests do not spend a second per write.
    /// Only in debug builds and unit-test builds (`cargo bench` builds those in release): the
    /// release binary always writes with age's default.
    #[cfg(any(test, debug_assertions))]
    pub fn with_test_work_factor(passphrase: impl Into<String>, log_n: u8) -> Self {
        Self {
            work_factor: Some(log_n),
            ..Self::new(passphrase)
        }
    }
}

/// Whether `bytes` are an encrypted casebook file.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// `bytes` as they are to be written: encrypted with `key`, or as they are without one.
pub(super) fn seal<'a>(bytes: &'a [u8], key: Option<&Key>) -> io::Result<Cow<'a, [u8]>> {
    let Some(key) = key else {
        return Ok(Cow::Borrowed(bytes));
    };
    let mut recipient = age::scrypt::Recipient::new(key.passphrase.clone());
    if let Some(log_n) = key.work_factor {
        recipient.set_work_factor(log_n);
    }
    age::encrypt(&recipient, bytes)
        .map(Cow::Owned)
        .map_err(io::Error::other)
}

/// Why an encrypted file could not be opened.
#[derive(Debug)]
pub(super) enum Unseal {
    NeedsPassphrase,
    WrongPassphrase,
    Damaged(String),
}

/// The plain bytes of a file: decrypted with `key` when it is encrypted.
pub(super) fn unseal<'a>(bytes: &'a [u8], key: Option<&Key>) -> Result<Cow<'a, [u8]>, Unseal> {
    if !is_encrypted(bytes) {
        return Ok(Cow::Borrowed(bytes));
    }
    let key = key.ok_or(Unseal::NeedsPassphrase)?;
    let identity = age::scrypt::Identity::new(key.passphrase.clone());
    match age::decrypt(&identity, bytes) {
        Ok(plain) => Ok(Cow::Owned(plain)),
        // A wrong passphrase fails to decrypt the file key in the header; damage to the
        // content fails later, in the stream.
        Err(
            age::DecryptError::DecryptionFailed
            | age::DecryptError::NoMatchingKeys
            | age::DecryptError::KeyDecryptionFailed,
        ) => Err(Unseal::WrongPassphrase),
        Err(e) => Err(Unseal::Damaged(e.to_string())),
    }
}

/// A reader of a file's plain bytes, decrypting them with `key` as they are read when the file
/// is encrypted: its start can be read without the rest (each part of an age file is
/// authenticated on its own).
pub(super) fn unseal_reader<'r, R: io::BufRead + 'r>(
    mut input: R,
    key: Option<&Key>,
) -> Result<Box<dyn io::Read + 'r>, Unseal> {
    let encrypted = input
        .fill_buf()
        .map_err(|e| Unseal::Damaged(e.to_string()))?
        .starts_with(MAGIC);
    if !encrypted {
        return Ok(Box::new(input));
    }
    let key = key.ok_or(Unseal::NeedsPassphrase)?;
    let identity = age::scrypt::Identity::new(key.passphrase.clone());
    let decryptor =
        age::Decryptor::new_buffered(input).map_err(|e| Unseal::Damaged(e.to_string()))?;
    match decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)) {
        Ok(reader) => Ok(Box::new(reader)),
        Err(
            age::DecryptError::DecryptionFailed
            | age::DecryptError::NoMatchingKeys
            | age::DecryptError::KeyDecryptionFailed,
        ) => Err(Unseal::WrongPassphrase),
        Err(e) => Err(Unseal::Damaged(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_bytes_open_with_the_passphrase_only() {
        let key = Key::with_test_work_factor("correct horse", 4);
        let sealed = seal(b"EI-2026-0001", Some(&key)).unwrap().into_owned();
        assert!(is_encrypted(&sealed));
        assert!(!sealed.windows(12).any(|w| w == b"EI-2026-0001"));
        assert_eq!(&*unseal(&sealed, Some(&key)).unwrap(), b"EI-2026-0001");
        let wrong = Key::new("battery staple");
        assert!(matches!(
            unseal(&sealed, Some(&wrong)),
            Err(Unseal::WrongPassphrase)
        ));
        assert!(matches!(
            unseal(&sealed, None),
            Err(Unseal::NeedsPassphrase)
        ));
        let mut damaged = sealed.clone();
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        assert!(matches!(
            unseal(&damaged, Some(&key)),
            Err(Unseal::Damaged(_))
        ));
        assert_eq!(&*seal(b"plain", None).unwrap(), b"plain");
        assert_eq!(&*unseal(b"plain", None).unwrap(), b"plain");
    }
}
