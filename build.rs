//! Build script: gives `genjin.exe` its Windows resources — the icon
//! (`assets/icon/genjin.ico`), version information from Cargo.toml and the
//! application manifest (`assets/windows/genjin.manifest`). It does nothing
//! for other targets.
//!
//! Cross-compiling from Linux needs no setup: `winresource` runs
//! `x86_64-w64-mingw32-windres` and `-ar` (mingw's, Debian package
//! binutils-mingw-w64) whenever the host is not the target; `WINDRES`, `AR`
//! and `CROSS_COMPILE` override the tools. On Windows it uses the SDK's
//! `rc.exe` (MSVC) or the `windres` on PATH (GNU).

use std::env;
use std::io;
use std::path::PathBuf;

/// Files the resources are made from, relative to the package.
const ICON: &str = "assets/icon/genjin.ico";
const MANIFEST: &str = "assets/windows/genjin.manifest";

fn main() -> io::Result<()> {
    // Declared for every target: without any `rerun-if-changed` Cargo would
    // run this script again after a change to any file of the package.
    for path in ["build.rs", "Cargo.toml", ICON, MANIFEST] {
        println!("cargo:rerun-if-changed={path}");
    }
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return Ok(());
    }
    for tool in ["WINDRES", "AR", "CROSS_COMPILE", "RC_PATH"] {
        println!("cargo:rerun-if-env-changed={tool}");
    }
    windows_resources()
}

/// Compiles the resource script and links it into every binary of the
/// package — tests too: the manifest is what gives them Common Controls 6,
/// and a program that imports TaskDialogIndirect without it does not start.
fn windows_resources() -> io::Result<()> {
    let package = PathBuf::from(required("CARGO_MANIFEST_DIR")?);
    let path = |relative: &str| package.join(relative).display().to_string();
    let name = "Genjin 跟进";
    let mut res = winresource::WindowsResource::new();
    res.set_icon(&path(ICON))
        .set_manifest_file(&path(MANIFEST))
        // Chinese (PRC): the shop owners Genjin is written for.
        .set_language(0x0804)
        .set("ProductName", name)
        // Task Manager and "Open with" show the description as the name.
        .set("FileDescription", name)
        .set("Comments", &required("CARGO_PKG_DESCRIPTION")?)
        .set("CompanyName", "The Genjin authors")
        .set(
            "LegalCopyright",
            &format!(
                "© The Genjin authors. {} license.",
                required("CARGO_PKG_LICENSE")?
            ),
        )
        .set("InternalName", "genjin")
        .set("OriginalFilename", "genjin.exe");
    // FileVersion and ProductVersion come from CARGO_PKG_VERSION.
    res.compile()
}

/// An environment variable Cargo sets for every build script.
fn required(name: &str) -> io::Result<String> {
    env::var(name).map_err(|e| io::Error::other(format!("{name}: {e}")))
}
