//! Reading what users name: only regular files, of a sane size, as UTF-8, and (unless the
//! command line allows otherwise) inside the brief's folder. A FIFO nobody writes to, a device
//! such as `/dev/zero`, a folder or a symlink loop is an error naming the path, never a hang or
//! an out-of-memory kill.

use crate::diag::{Diagnostic, Diagnostics};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest brief or data file read: far above any curated file, far below memory.
pub const JSON_LIMIT: u64 = 32 * 1024 * 1024;
/// The largest template or partial: Handlebars' parser is quadratic in the template's size
/// (measured: 63 KiB 0.6 s, 250 KiB 11 s, 1 MiB 141 s of CPU), and ours are a few KiB.
pub const TEMPLATE_LIMIT: u64 = 64 * 1024;
/// The largest theme file.
pub const THEME_LIMIT: u64 = 1024 * 1024;

/// Reads `path` as text. `what` names the file in messages ("data file", "template").
pub fn read_text(path: &Path, what: &str, limit: u64) -> Result<String, Diagnostics> {
    read(path, what, limit).map_err(|d| Diagnostics::from(*d))
}

fn read(path: &Path, what: &str, limit: u64) -> Result<String, Box<Diagnostic>> {
    let fail = |message: String| {
        Box::new(Diagnostic::new(message).in_file(path).expected(format!(
            "a readable UTF-8 {what}, a regular file of at most {}",
            size(limit)
        )))
    };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => fail(format!("no such {what}")),
        _ => fail(format!("cannot read the {what}: {e}")),
    })?;
    if meta.is_dir() {
        return Err(fail(format!("the {what} is a folder, not a file")));
    }
    if !meta.is_file() {
        return Err(fail(format!(
            "the {what} is not a regular file (a FIFO, a device or a socket)"
        )));
    }
    if meta.len() > limit {
        return Err(fail(format!(
            "the {what} is {}; the limit is {}",
            size(meta.len()),
            size(limit)
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| fail(format!("cannot read the {what}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(fail(format!(
            "the {what} grew past the limit of {}",
            size(limit)
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        let byte = e.as_bytes()[valid.len()];
        Box::new(fail(format!("the {what} is not valid UTF-8: byte 0x{byte:02X}")).at(line, column))
    })?;
    // A byte-order mark is how some editors start UTF-8; it is not content.
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

/// Where a brief may read from: its own folder tree, or anywhere when the command line says so.
#[derive(Debug, Clone)]
pub enum Scope {
    Inside(PathBuf),
    Anywhere,
}

impl Scope {
    /// The scope for the brief at `brief`: its folder, canonical, unless `anywhere`.
    pub fn for_brief(brief: &Path, anywhere: bool) -> Scope {
        if anywhere {
            return Scope::Anywhere;
        }
        let dir = brief
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        match dir.canonicalize() {
            Ok(d) => Scope::Inside(d),
            Err(_) => Scope::Inside(dir.to_path_buf()),
        }
    }

    /// An error if `path` (which exists or not) leads outside the scope, through `..` or a link.
    pub fn check(&self, path: &Path) -> Result<(), String> {
        let Scope::Inside(root) = self else {
            return Ok(());
        };
        // A path that does not exist yet is judged by its folder.
        let resolved = path
            .canonicalize()
            .or_else(|_| path.parent().unwrap_or(Path::new(".")).canonicalize());
        match resolved {
            Ok(p) if p.starts_with(root) => Ok(()),
            Ok(_) => Err(format!(
                "{} leads outside the brief's folder {}",
                path.display(),
                root.display()
            )),
            Err(_) => Ok(()), // reading it will say what is wrong
        }
    }
}

/// What a scope error expects.
pub const EXPECTED_INSIDE: &str =
    "a path inside the brief's folder, or --allow-outside on the command line to read elsewhere";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_folders_devices_fifos_and_oversized_files_and_locates_bad_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), "template", 10).unwrap_err();
        assert_eq!(e.message, "the template is a folder, not a file");
        let e = read(Path::new("/dev/zero"), "theme file", 10).unwrap_err();
        assert_eq!(
            e.message,
            "the theme file is not a regular file (a FIFO, a device or a socket)"
        );
        let big = dir.path().join("big.json");
        std::fs::write(&big, "x".repeat(2048)).unwrap();
        let e = read(&big, "data file", 1024).unwrap_err();
        assert_eq!(e.message, "the data file is 2 KiB; the limit is 1 KiB");
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, b"{\n  \"a\": \"caf\xE9\"\n}").unwrap();
        let e = read(&bad, "data file", 1024).unwrap_err();
        assert_eq!(e.message, "the data file is not valid UTF-8: byte 0xE9");
        assert_eq!((e.line, e.column), (Some(2), Some(12)));
        let bom = dir.path().join("bom.json");
        std::fs::write(&bom, "\u{FEFF}{}").unwrap();
        assert_eq!(read_text(&bom, "data file", 1024).unwrap(), "{}");
        let e = read(&dir.path().join("none.json"), "data file", 1024).unwrap_err();
        assert_eq!(e.message, "no such data file");
    }

    #[test]
    fn a_scope_keeps_paths_inside_the_brief_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/t")).unwrap();
        std::fs::write(dir.path().join("b/t/x.hbs"), "").unwrap();
        std::fs::write(dir.path().join("secret"), "").unwrap();
        let scope = Scope::for_brief(&dir.path().join("b/brief.json"), false);
        assert!(scope.check(&dir.path().join("b/t/x.hbs")).is_ok());
        assert!(scope.check(&dir.path().join("b/../secret")).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), dir.path().join("b/link"))
                .unwrap();
            assert!(scope.check(&dir.path().join("b/link")).is_err());
        }
        assert!(Scope::for_brief(&dir.path().join("b/brief.json"), true)
            .check(&dir.path().join("secret"))
            .is_ok());
    }
}
