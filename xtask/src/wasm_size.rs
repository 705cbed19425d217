//! Where a wasm module's bytes go: each function's body size by the name section that
//! wasm-bindgen keeps (demangled), grouped by crate, and the data section. The same reading as
//! `twiggy top`, with the standard library only (xtask has no dependencies).

use std::collections::BTreeMap;

/// A module's sizes.
pub struct Breakdown {
    /// Bytes of every section (code, data, and the rest), custom sections excluded.
    pub total: u64,
    /// Bytes of the data section (strings and other constants).
    pub data: u64,
    /// Code bytes per crate, largest first.
    pub crates: Vec<(String, u64)>,
    /// The largest functions: size and demangled name.
    pub functions: Vec<(u64, String)>,
}

fn leb(b: &[u8], i: &mut usize) -> Option<u64> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = *b.get(*i)?;
        *i += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

fn name_of(b: &[u8], i: &mut usize) -> Option<String> {
    let len = leb(b, i)? as usize;
    let s = String::from_utf8_lossy(b.get(*i..*i + len)?).into_owned();
    *i += len;
    Some(s)
}

/// The crate a demangled name belongs to: `core::fmt::…` → `core`; `<T as tachys::…>` →
/// `tachys`; `<alloc[1a2b]::…` → `alloc`.
pub fn crate_of(name: &str) -> String {
    let start = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut s = name.trim_start_matches(['<', '&']);
    s = s.trim_start_matches("mut ").trim_start_matches("dyn ");
    let mut head = start(s);
    // `<char as core::fmt::Debug>`: a type without a path belongs to the trait's crate.
    if let Some(rest) = s[head.len()..].strip_prefix(" as ") {
        s = rest.trim_start_matches('<');
        head = start(s);
    }
    if head.is_empty() || !s[head.len()..].starts_with(['[', ':']) {
        return "(other)".to_owned();
    }
    head
}

/// Reads `wasm` (a module with its name section).
pub fn read(wasm: &[u8]) -> Result<Breakdown, String> {
    let bad = || "not a wasm module this reader understands".to_owned();
    if wasm.get(..4) != Some(b"\0asm") {
        return Err(bad());
    }
    let (mut i, mut total, mut data) = (8usize, 0u64, 0u64);
    let mut imports = 0u64;
    let mut bodies: Vec<u64> = Vec::new();
    let mut names: BTreeMap<u64, String> = BTreeMap::new();
    while i < wasm.len() {
        let id = wasm[i];
        i += 1;
        let size = leb(wasm, &mut i).ok_or_else(bad)? as usize;
        let (start, end) = (i, i + size);
        let section = wasm.get(start..end).ok_or_else(bad)?;
        let mut j = 0usize;
        match id {
            0 => {
                if name_of(section, &mut j).as_deref() == Some("name") {
                    while j < section.len() {
                        let sub = section[j];
                        j += 1;
                        let len = leb(section, &mut j).ok_or_else(bad)? as usize;
                        if sub == 1 {
                            let mut k = j;
                            let count = leb(section, &mut k).ok_or_else(bad)?;
                            for _ in 0..count {
                                let index = leb(section, &mut k).ok_or_else(bad)?;
                                names.insert(index, name_of(section, &mut k).ok_or_else(bad)?);
                            }
                        }
                        j += len;
                    }
                }
            }
            2 => {
                let count = leb(section, &mut j).ok_or_else(bad)?;
                for _ in 0..count {
                    name_of(section, &mut j).ok_or_else(bad)?;
                    name_of(section, &mut j).ok_or_else(bad)?;
                    let kind = *section.get(j).ok_or_else(bad)?;
                    j += 1;
                    match kind {
                        0 => {
                            leb(section, &mut j).ok_or_else(bad)?;
                            imports += 1;
                        }
                        1 => {
                            j += 1;
                            let flags = *section.get(j).ok_or_else(bad)?;
                            j += 1;
                            leb(section, &mut j).ok_or_else(bad)?;
                            if flags & 1 == 1 {
                                leb(section, &mut j).ok_or_else(bad)?;
                            }
                        }
                        2 => {
                            let flags = *section.get(j).ok_or_else(bad)?;
                            j += 1;
                            leb(section, &mut j).ok_or_else(bad)?;
                            if flags & 1 == 1 {
                                leb(section, &mut j).ok_or_else(bad)?;
                            }
                        }
                        3 => j += 2,
                        _ => return Err(bad()),
                    }
                }
                total += size as u64;
            }
            10 => {
                let count = leb(section, &mut j).ok_or_else(bad)?;
                for _ in 0..count {
                    let before = j;
                    let len = leb(section, &mut j).ok_or_else(bad)? as usize;
                    j += len;
                    bodies.push((j - before) as u64);
                }
                total += size as u64;
            }
            11 => {
                data = size as u64;
                total += data;
            }
            _ => total += size as u64,
        }
        i = end;
    }
    let mut crates: BTreeMap<String, u64> = BTreeMap::new();
    let mut functions = Vec::with_capacity(bodies.len());
    for (k, size) in bodies.into_iter().enumerate() {
        let name = names
            .get(&(imports + k as u64))
            .cloned()
            .unwrap_or_else(|| "(unnamed)".to_owned());
        *crates.entry(crate_of(&name)).or_default() += size;
        functions.push((size, name));
    }
    functions.sort_by_key(|f| std::cmp::Reverse(f.0));
    functions.truncate(15);
    let mut crates: Vec<(String, u64)> = crates.into_iter().collect();
    crates.sort_by_key(|c| std::cmp::Reverse(c.1));
    Ok(Breakdown {
        total,
        data,
        crates,
        functions,
    })
}

#[cfg(test)]
mod tests {
    use super::crate_of;

    #[test]
    fn names_are_grouped_by_their_crate() {
        assert_eq!(crate_of("core::fmt::write::h1"), "core");
        assert_eq!(crate_of("<T as tachys::view::Render>::build::h2"), "tachys");
        assert_eq!(
            crate_of("<alloc[3ca5]::string::String as core::fmt::Write>::write_str"),
            "alloc"
        );
        assert_eq!(
            crate_of("leptos_tosspayments::client::get_order::h3"),
            "leptos_tosspayments"
        );
        assert_eq!(crate_of("__wbindgen_malloc"), "(other)");
        assert_eq!(crate_of("<char as core[c59]::fmt::Debug>::fmt"), "core");
    }
}
