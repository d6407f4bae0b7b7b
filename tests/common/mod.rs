//! Helpers the integration tests share: running the binary as a user would, and copies of the
//! shipped briefs to spoil.

// Each test crate uses some of these, none all.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary in `cwd` with `args`, without the caller's `SOURCE_DATE_EPOCH`.
pub fn briefwright(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefwright"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the binary runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the shipped `briefs/` folder in a fresh temporary directory, and that directory.
pub fn copy_of_briefs() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&shipped_briefs(), &dir.path().join("briefs"));
    let root = dir.path().to_path_buf();
    (dir, root)
}

pub fn shipped_briefs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs")
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
