//! How the process asks the system for memory. glibc serves large blocks straight from the
//! system and returns them when freed, but once one is freed it raises that bar to the block's
//! size (up to 32 MB), so later blocks of megabytes (the parts of a casebook read or written
//! on every core, the register's search text) come from the heap and stay there once freed.
//! With a 100,000-case casebook open that was 50–80 MB of memory kept for nothing: a fixed bar
//! keeps the window under 1 GiB (BENCHMARKS.md, "The window").

/// Blocks at least this large always come from the system and go back when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const FROM_THE_SYSTEM_AT: libc::c_int = 256 << 10;

/// Sets the allocator up as described above; call before any work starts. Elsewhere than
/// Linux with glibc there is nothing to do.
// Unsafe: glibc's `mallopt`, which has no safe wrapper.
#[allow(unsafe_code)]
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's thresholds; it is safe to call at any time.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, FROM_THE_SYSTEM_AT);
    }
}
