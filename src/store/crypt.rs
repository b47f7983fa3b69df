//! Encryption at rest: a casebook with a passphrase is written as an `age` file (scrypt
//! passphrase mode), and so is everything else written for it — its snapshots and the
//! temporary files they pass through — because every write goes through [`seal`]. The plain
//! text inside still carries its checksum; age's authentication catches any change to the
//! ciphertext as well. Its journal's entries are sealed with an [`EntryKey`], itself sealed
//! with the passphrase.

use age::secrecy::SecretString;
use std::borrow::Cow;
use std::io;

/// What every age file starts with.
const MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// A casebook's passphrase, held in memory while it is open.
#[derive(Clone)]
pub struct Key {
    passphrase: SecretString,
    /// scrypt's log2(N) for new files, in tests; `None` is age's calibration, never below
    /// [`WORK_FACTOR_FLOOR`].
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
    /// release binary always writes with age's calibration, held at [`WORK_FACTOR_FLOOR`].
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

/// The lowest scrypt work factor (log2 N) a file is written with. age picks the factor that
/// takes about a second on this machine at the moment of each write, so a busy machine picks a
/// lower one (17 to 19 measured on one laptop) and writes a file that is cheaper to attack; an
/// idle fast one may pick more, which is kept.
pub const WORK_FACTOR_FLOOR: u8 = 18;
/// The highest work factor a file is opened with. age's own bound is its calibration plus four,
/// which on a busy machine could refuse a file written on an idle one; this is that bound for a
/// machine calibrated at the floor (about 4 GiB of scrypt memory for a hostile file at most).
const WORK_FACTOR_MAX: u8 = WORK_FACTOR_FLOOR + 4;

/// `bytes` as they are to be written: encrypted with `key`, or as they are without one.
pub(super) fn seal<'a>(bytes: &'a [u8], key: Option<&Key>) -> io::Result<Cow<'a, [u8]>> {
    let Some(key) = key else {
        return Ok(Cow::Borrowed(bytes));
    };
    let sealed = encrypt(bytes, key, key.work_factor)?;
    if key.work_factor.is_some() {
        return Ok(Cow::Owned(sealed));
    }
    at_least_floor(sealed, || encrypt(bytes, key, Some(WORK_FACTOR_FLOOR))).map(Cow::Owned)
}

/// A writer sealing what is written into `out` with `key`'s passphrase, as an age stream: for
/// files too large to hold in memory (attachments). Its `finish` writes the last part. Sealed
/// at the key's work factor, or at the floor: age's calibration cannot be checked and redone
/// on a stream already written.
pub fn seal_writer<W: io::Write>(out: W, key: &Key) -> io::Result<age::stream::StreamWriter<W>> {
    let mut recipient = age::scrypt::Recipient::new(key.passphrase.clone());
    recipient.set_work_factor(key.work_factor.unwrap_or(WORK_FACTOR_FLOOR));
    age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        .map_err(io::Error::other)?
        .wrap_output(out)
}

/// `sealed`, or what `again` seals at the floor when `sealed` was written below it.
fn at_least_floor(
    sealed: Vec<u8>,
    again: impl FnOnce() -> io::Result<Vec<u8>>,
) -> io::Result<Vec<u8>> {
    match work_factor(&sealed) {
        Some(log_n) if log_n >= WORK_FACTOR_FLOOR => Ok(sealed),
        _ => again(),
    }
}

/// `bytes` encrypted with `key`'s passphrase at work factor `log_n`, or at age's calibration.
fn encrypt(bytes: &[u8], key: &Key, log_n: Option<u8>) -> io::Result<Vec<u8>> {
    let mut recipient = age::scrypt::Recipient::new(key.passphrase.clone());
    if let Some(log_n) = log_n {
        recipient.set_work_factor(log_n);
    }
    age::encrypt(&recipient, bytes).map_err(io::Error::other)
}

/// The scrypt work factor an age file was written with, from its header's scrypt stanza
/// (`-> scrypt <salt> <log2 N>`, the age format's second line).
pub(super) fn work_factor(sealed: &[u8]) -> Option<u8> {
    let stanza = sealed.strip_prefix(MAGIC)?.split(|&b| b == b'\n').next()?;
    let stanza = std::str::from_utf8(stanza).ok()?;
    match stanza.split(' ').collect::<Vec<_>>()[..] {
        ["->", "scrypt", _salt, log_n] => log_n.parse().ok(),
        _ => None,
    }
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
    age::decrypt(&identity(key), bytes)
        .map(Cow::Owned)
        .map_err(unsealing)
}

/// The plain bytes of a file sealed with [`seal_writer`] (or of a plain one), decrypted with
/// `key` as they are read; the error in words.
pub fn open_sealed<'r, R: io::BufRead + 'r>(
    input: R,
    key: Option<&Key>,
) -> Result<Box<dyn io::Read + 'r>, String> {
    unseal_reader(input, key).map_err(|why| match why {
        Unseal::NeedsPassphrase => "it is encrypted: give its passphrase".into(),
        Unseal::WrongPassphrase => "the passphrase does not open it".into(),
        Unseal::Damaged(reason) => format!("it is damaged ({reason})"),
    })
}

/// The identity that opens files sealed with `key`, up to the highest work factor accepted.
fn identity(key: &Key) -> age::scrypt::Identity {
    let mut identity = age::scrypt::Identity::new(key.passphrase.clone());
    identity.set_max_work_factor(WORK_FACTOR_MAX);
    identity
}

/// Why a file did not open: a wrong passphrase fails to decrypt the file key in the header;
/// damage to the content fails later, in the stream.
fn unsealing(e: age::DecryptError) -> Unseal {
    match e {
        age::DecryptError::DecryptionFailed
        | age::DecryptError::NoMatchingKeys
        | age::DecryptError::KeyDecryptionFailed => Unseal::WrongPassphrase,
        e => Unseal::Damaged(e.to_string()),
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
    let identity = identity(key);
    let decryptor =
        age::Decryptor::new_buffered(input).map_err(|e| Unseal::Damaged(e.to_string()))?;
    match decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)) {
        Ok(reader) => Ok(Box::new(reader)),
        Err(e) => Err(unsealing(e)),
    }
}

/// The key a journal's entries are sealed with: an age X25519 identity of its own, kept in the
/// journal's head sealed with the casebook's passphrase. Sealing each entry with the
/// passphrase would spend scrypt's second on every edit; sealing it to this key costs a
/// fraction of a millisecond, and only the passphrase opens the key.
#[derive(Clone)]
pub(super) struct EntryKey {
    identity: age::x25519::Identity,
    /// The identity as the journal's head keeps it, sealed with the passphrase.
    sealed: Vec<u8>,
}

impl std::fmt::Debug for EntryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EntryKey(…)")
    }
}

impl EntryKey {
    /// A new key, sealed with `key` (one scrypt).
    pub(super) fn new(key: &Key) -> io::Result<Self> {
        use age::secrecy::ExposeSecret;
        let identity = age::x25519::Identity::generate();
        let text = identity.to_string();
        let sealed = seal(text.expose_secret().as_bytes(), Some(key))?.into_owned();
        Ok(Self { identity, sealed })
    }

    /// The key a journal's head keeps `sealed`, opened with `key`.
    pub(super) fn open(sealed: &[u8], key: &Key) -> Result<Self, Unseal> {
        let text = unseal(sealed, Some(key))?;
        let identity = std::str::from_utf8(&text)
            .ok()
            .and_then(|t| t.parse::<age::x25519::Identity>().ok())
            .ok_or_else(|| Unseal::Damaged("the journal's key is not a key".into()))?;
        Ok(Self {
            identity,
            sealed: sealed.to_vec(),
        })
    }

    pub(super) fn sealed(&self) -> &[u8] {
        &self.sealed
    }

    pub(super) fn seal(&self, bytes: &[u8]) -> io::Result<Vec<u8>> {
        age::encrypt(&self.identity.to_public(), bytes).map_err(io::Error::other)
    }

    pub(super) fn unseal(&self, bytes: &[u8]) -> Result<Vec<u8>, Unseal> {
        age::decrypt(&self.identity, bytes).map_err(unsealing)
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
        assert_eq!(work_factor(&sealed), Some(4));
    }

    /// A file age sealed below the floor (as on a busy machine) is sealed again at the floor;
    /// one at or above it is kept.
    #[test]
    fn a_file_sealed_below_the_floor_is_sealed_again_at_it() {
        let key = Key::new("correct horse");
        let low = encrypt(b"EI-2026-0001", &key, Some(10)).unwrap();
        let again = at_least_floor(low, || {
            encrypt(b"EI-2026-0001", &key, Some(WORK_FACTOR_FLOOR))
        });
        let again = again.unwrap();
        assert_eq!(work_factor(&again), Some(WORK_FACTOR_FLOOR));
        assert_eq!(&*unseal(&again, Some(&key)).unwrap(), b"EI-2026-0001");
        let high = encrypt(b"x", &key, Some(WORK_FACTOR_FLOOR + 1)).unwrap();
        let kept = at_least_floor(high.clone(), || panic!("sealed again")).unwrap();
        assert_eq!(kept, high);
    }

    /// A machine so busy that age's calibration falls below the floor still writes at it: every
    /// core spins while the key (without a test work factor) seals.
    #[test]
    fn a_busy_machine_never_seals_below_the_floor() {
        let stop = std::sync::atomic::AtomicBool::new(false);
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let sealed = std::thread::scope(|scope| {
            for _ in 0..cores * 4 {
                scope.spawn(|| {
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        std::hint::black_box(0u64);
                    }
                });
            }
            let sealed = seal(b"EI-2026-0001", Some(&Key::new("correct horse")));
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            sealed.unwrap().into_owned()
        });
        let log_n = work_factor(&sealed).unwrap();
        assert!(log_n >= WORK_FACTOR_FLOOR, "sealed at {log_n}");
    }
}
