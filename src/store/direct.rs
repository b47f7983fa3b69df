//! Writing a large new file straight to the disk, past the page cache (Linux `O_DIRECT`).
//!
//! A 100,000-case save is close to 700 MB. Written through the page cache, the kernel copies
//! every byte into freshly allocated cache pages on the saving thread, which was the largest
//! single cost of a save on a 2-core machine, and `fsync` then waits for all of it to reach the
//! disk. Written direct, the bytes are gathered into a few reused, block-aligned buffers and a
//! thread of its own hands each full buffer to the disk while the next one fills; the disk
//! reads them itself, and by the time `fsync` runs the data is already there.
//!
//! Direct writes must start, end and sit in memory on block boundaries. The file is written
//! in whole blocks, the last one padded with zeros, and cut to its true length at the end.
//! Where the file system refuses direct writes (some do, such as network and RAM-backed ones),
//! the file is written through the page cache as usual.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::mpsc;

/// The alignment direct writes need: a multiple of every disk's logical block size in use.
const BLOCK: usize = 4096;
/// The bytes gathered before a write: large enough that each write keeps the disk busy.
const STAGE: usize = 4 << 20;
/// Buffers in flight: one filling, one being written, one spare.
const BUFFERS: usize = 3;
/// The start of the file kept in memory to fill in the checksum at the end (see `finish`).
const HEAD: usize = 2 * BLOCK;

/// Whether `file` now bypasses the page cache. When it does not, write it as usual.
pub(super) fn enable(file: &File) -> bool {
    set_direct(file, true).is_ok()
}

#[cfg(target_os = "linux")]
// Unsafe: `fcntl`, which the standard library does not wrap for file status flags.
#[allow(unsafe_code)]
fn set_direct(file: &File, on: bool) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: `fcntl` with F_GETFL/F_SETFL on a descriptor this `File` owns and keeps open;
    // only the file status flags change.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    let flags = if on {
        flags | libc::O_DIRECT
    } else {
        flags & !libc::O_DIRECT
    };
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn set_direct(_file: &File, _on: bool) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_write(bytes, at)?;
        bytes = &bytes[n..];
        at += n as u64;
    }
    Ok(())
}

/// A block-aligned buffer of [`STAGE`] bytes.
struct Stage {
    memory: Vec<u8>,
    start: usize,
    len: usize,
}

impl Stage {
    fn new() -> Self {
        let memory = vec![0; STAGE + BLOCK];
        let start = memory.as_ptr().align_offset(BLOCK);
        Stage {
            memory,
            start,
            len: 0,
        }
    }

    fn room(&mut self) -> &mut [u8] {
        &mut self.memory[self.start + self.len..self.start + STAGE]
    }

    /// The bytes gathered, padded with zeros to a whole block.
    fn blocks(&mut self) -> &[u8] {
        let end = self.len.next_multiple_of(BLOCK);
        self.memory[self.start + self.len..self.start + end].fill(0);
        &self.memory[self.start..self.start + end]
    }
}

/// Writes the blocks of `stage` at `at`, through the page cache from then on should the file
/// refuse them written direct (a file system whose blocks are larger than [`BLOCK`]).
fn write_blocks(file: &File, stage: &mut Stage, at: u64) -> io::Result<()> {
    match write_at(file, stage.blocks(), at) {
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
            set_direct(file, false)?;
            write_at(file, stage.blocks(), at)
        }
        result => result,
    }
}

/// Writes a new file, opened direct (see [`enable`]): `fill` is handed a function to write the
/// file's bytes with, in order, and returns where the checksum digits are and what they must
/// say (written last, as zeros until then).
pub(super) fn write(
    file: &File,
    fill: impl FnOnce(
        &mut dyn FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<Option<(Range<usize>, String)>>,
) -> io::Result<()> {
    std::thread::scope(|scope| {
        let (full, to_write) = mpsc::sync_channel::<(Stage, u64)>(BUFFERS);
        let (empty, written) = mpsc::channel::<Stage>();
        let writer = scope.spawn(move || -> io::Result<()> {
            for (mut stage, at) in to_write {
                write_blocks(file, &mut stage, at)?;
                stage.len = 0;
                let _ = empty.send(stage);
            }
            Ok(())
        });
        let mut allocated = 1;
        let mut stage = Stage::new();
        let mut at = 0u64;
        let mut head = Vec::with_capacity(HEAD);
        let send = move |stage: Stage, at: u64| {
            full.send((stage, at))
                .map_err(|_| io::Error::other("the writing thread stopped"))
        };
        let result = fill(&mut |mut bytes: &[u8]| {
            let keep = (HEAD - head.len()).min(bytes.len());
            head.extend_from_slice(&bytes[..keep]);
            while !bytes.is_empty() {
                let room = stage.room();
                let n = room.len().min(bytes.len());
                room[..n].copy_from_slice(&bytes[..n]);
                stage.len += n;
                bytes = &bytes[n..];
                if stage.len == STAGE {
                    let next = match written.try_recv() {
                        Ok(stage) => stage,
                        Err(_) if allocated < BUFFERS => {
                            allocated += 1;
                            Stage::new()
                        }
                        Err(_) => written
                            .recv()
                            .map_err(|_| io::Error::other("the writing thread stopped"))?,
                    };
                    send(std::mem::replace(&mut stage, next), at)?;
                    at += STAGE as u64;
                }
            }
            Ok(())
        });
        let length = at + stage.len as u64;
        let last = result.and_then(|sum| {
            if stage.len > 0 {
                send(stage, at)?;
            }
            Ok(sum)
        });
        drop(send);
        // The writing thread's error, when it stopped, is the cause of everything after it.
        let wrote = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writing thread failed")));
        let sum = wrote.and(last)?;
        if let Some((digits, sum)) = sum {
            finish_head(file, head, digits, &sum)?;
        }
        file.set_len(length)
    })
}

/// Writes the checksum's digits into the file's first blocks, written before it was known:
/// those blocks again, from the copy of the head kept, with the digits filled in.
fn finish_head(file: &File, head: Vec<u8>, digits: Range<usize>, sum: &str) -> io::Result<()> {
    if digits.end > head.len() || sum.len() != digits.len() {
        return Err(io::Error::other(
            "the checksum is not where the head of the file is",
        ));
    }
    let mut stage = Stage::new();
    stage.room()[..head.len()].copy_from_slice(&head);
    stage.room()[digits].copy_from_slice(sum.as_bytes());
    stage.len = head.len();
    write_blocks(file, &mut stage, 0)
}
