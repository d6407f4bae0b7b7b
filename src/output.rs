//! Writing a brief's outputs: all of them replaced together, never half-written, and nothing
//! left behind in `--out` by a run that is killed.
//!
//! Each file is first written and synced as an unnamed file in its folder (Linux `O_TMPFILE`),
//! which the kernel discards if the process dies, so a kill during rendering or writing leaves
//! no trace. Only when every file of the brief is complete is each in turn given a hidden name
//! and renamed over its target: the only window in which a kill leaves a mixed set or a hidden
//! `.briefwright-*.tmp` file is those few system calls, and the next run into the folder
//! removes such a file once its process is gone. Where unnamed files cannot be linked (another
//! system, a file system without `O_TMPFILE`), the hidden file is written out at that moment.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A file written and synced, ready to take its target's place: unnamed (`O_TMPFILE`), given a
/// hidden name only at the moment of its rename.
struct Staged(std::fs::File);

static SEQUENCE: AtomicUsize = AtomicUsize::new(0);

/// A hidden name in `dir` that says which process made it, so that a later run can tell a
/// leftover from a file a live run is about to rename.
fn hidden_name(dir: &Path) -> PathBuf {
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".briefwright-{}-{n}.tmp", std::process::id()))
}

fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Writes every `(target, bytes)` and then replaces the targets together. On an error before
/// the renames, no target has changed.
pub fn write_together(
    files: &[(PathBuf, Vec<u8>)],
) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    // A folder or other non-file in a target's place would fail its rename after others had
    // been replaced: refuse it first.
    for (target, _) in files {
        if let Ok(meta) = std::fs::symlink_metadata(target) {
            if !meta.is_file() {
                return Err((
                    target.clone(),
                    std::io::Error::other("something other than a file is in the way"),
                ));
            }
        }
    }
    let mut staged: Vec<Staged> = Vec::new();
    for (target, bytes) in files {
        staged.push(stage(target, bytes).map_err(|e| (target.clone(), e))?);
    }
    // Every file is complete: name and rename each in turn, so a hidden name exists only for
    // the two system calls between.
    let mut written = Vec::new();
    for (Staged(file), (target, bytes)) in staged.iter().zip(files) {
        let hidden = hidden_name(folder(target));
        // Where an unnamed file cannot be linked (no O_TMPFILE on this file system, or not
        // Linux), the hidden file is written out instead: a wider window, the same outcome.
        let named = link(file, &hidden).or_else(|_| write_named(&hidden, bytes));
        let renamed = named.and_then(|()| std::fs::rename(&hidden, target));
        if let Err(e) = renamed {
            let _ = std::fs::remove_file(&hidden);
            return Err((target.clone(), e));
        }
        written.push(target.clone());
    }
    Ok(written)
}

/// Writes `bytes` completely into an unnamed file beside `target`.
fn stage(target: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    let dir = folder(target);
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Temporary files are created private (0600); a memo is an ordinary document.
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(Staged(file))
}

fn write_named(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut named = std::fs::File::create(path)?;
    named.write_all(bytes)?;
    named.sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        named.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(())
}

/// Gives the unnamed `file` the name `to` (Linux: link it from /proc).
fn link(file: &std::fs::File, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
        rustix::fs::linkat(
            rustix::fs::CWD,
            proc_path.as_str(),
            rustix::fs::CWD,
            to,
            rustix::fs::AtFlags::SYMLINK_FOLLOW,
        )
        .map_err(std::io::Error::from)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (file, to);
        Err(std::io::Error::other("unnamed files cannot be linked here"))
    }
}

/// Removes the hidden files that runs which are no longer alive left in `dir` (a kill in the
/// instant between naming and renaming). Files of live runs are left alone.
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name
            .strip_prefix(".briefwright-")
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn replaces_the_files_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("sub/memo.md");
        let b = dir.path().join("sub/memo.pdf");
        write_together(&[(a.clone(), b"first".to_vec()), (b.clone(), b"one".to_vec())]).unwrap();
        write_together(&[
            (a.clone(), b"second".to_vec()),
            (b.clone(), b"two".to_vec()),
        ])
        .unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"second");
        assert_eq!(std::fs::read(&b).unwrap(), b"two");
        assert_eq!(names(&dir.path().join("sub")), ["memo.md", "memo.pdf"]);
    }

    #[test]
    fn a_folder_in_the_way_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("memo.docx");
        let b = dir.path().join("memo.pdf");
        write_together(&[(a.clone(), b"old".to_vec())]).unwrap();
        std::fs::create_dir(&b).unwrap();
        let err = write_together(&[(a.clone(), b"new".to_vec()), (b.clone(), b"new".to_vec())])
            .unwrap_err();
        assert_eq!(err.0, b);
        assert_eq!(std::fs::read(&a).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["memo.docx", "memo.pdf"]);
    }

    #[test]
    fn leftovers_of_dead_runs_go_and_those_of_live_runs_stay() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".briefwright-4000000000-0.tmp");
        let live = dir
            .path()
            .join(format!(".briefwright-{}-7.tmp", std::process::id()));
        std::fs::write(&dead, b"x").unwrap();
        std::fs::write(&live, b"x").unwrap();
        std::fs::write(dir.path().join("memo.pdf"), b"x").unwrap();
        remove_leftovers(dir.path());
        assert_eq!(
            names(dir.path()),
            [
                format!(".briefwright-{}-7.tmp", std::process::id()),
                "memo.pdf".to_string()
            ]
        );
    }
}
