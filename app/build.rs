//! Generates the `i18n` module from `locales/*.json` at build time.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    // `sqlx::migrate!` embeds the migrations: a new one rebuilds the crate.
    println!("cargo::rerun-if-changed=../migrations");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    let translations = TranslationsInfos::parse(
        Config::new("en")?
            .add_locale("fr")?
            .parse_options(ParseOptions::new().interpolate_display(true)),
    )?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
