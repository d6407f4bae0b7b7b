//! The file-level parts written through lopdf after printpdf: a nested outline with exact
//! positions, link annotations without borders, document info and XMP from the memo's metadata,
//! PDF 1.7 without printpdf's PDF/X claim, and an `/ID` hashed from the content (printpdf's
//! come from a process-global counter, which breaks byte-identical output).

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::frame::{Item, Target};
use crate::layout::Layout;
use crate::renderer::RenderContext;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Text as a PDF text string: UTF-16BE with a byte-order mark, so any script survives.
fn text_string(s: &str) -> Object {
    Object::String(super::utf16be(s), StringFormat::Hexadecimal)
}

fn real(v: f32) -> Object {
    // Two decimals: positions stay exact enough and the bytes stay stable.
    Object::Real((v * 100.0).round() / 100.0)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Where each named destination is: (page index, x, y in PDF space).
type Dests = BTreeMap<String, (usize, f32, f32)>;

fn destinations(laid: &Layout) -> Dests {
    let mut out = Dests::new();
    for (i, page) in laid.pages.iter().enumerate() {
        for item in &page.body {
            if let Item::Dest { name, x, y } = item {
                out.entry(name.clone()).or_insert((i, *x, laid.height - *y));
            }
        }
    }
    out
}

fn dest_array(pages: &[ObjectId], d: (usize, f32, f32)) -> Object {
    Object::Array(vec![
        Object::Reference(pages[d.0]),
        Object::Name(b"XYZ".to_vec()),
        real(d.1),
        real(d.2 + 4.0),
        Object::Null,
    ])
}

fn add_links(doc: &mut Document, laid: &Layout, pages: &[ObjectId], dests: &Dests) {
    for (i, page) in laid.pages.iter().enumerate() {
        let mut annots = Vec::new();
        for item in &page.body {
            let Item::Link { rect, target } = item else {
                continue;
            };
            let mut a = Dictionary::new();
            a.set("Type", Object::Name(b"Annot".to_vec()));
            a.set("Subtype", Object::Name(b"Link".to_vec()));
            a.set(
                "Rect",
                Object::Array(vec![
                    real(rect.x),
                    real(laid.height - rect.y - rect.h),
                    real(rect.x + rect.w),
                    real(laid.height - rect.y),
                ]),
            );
            a.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
            match target {
                Target::Uri(uri) => {
                    let mut action = Dictionary::new();
                    action.set("S", Object::Name(b"URI".to_vec()));
                    action.set(
                        "URI",
                        Object::String(uri.as_bytes().to_vec(), StringFormat::Literal),
                    );
                    a.set("A", action);
                }
                Target::Internal(name) => match dests.get(name) {
                    Some(d) => a.set("Dest", dest_array(pages, *d)),
                    None => continue,
                },
            }
            annots.push(Object::Reference(doc.add_object(a)));
        }
        if let Ok(Object::Dictionary(p)) = doc.get_object_mut(pages[i]) {
            p.set("Annots", Object::Array(annots));
        }
    }
}

/// The outline: each heading under the nearest preceding heading of a lower level.
fn add_outline(
    doc: &mut Document,
    laid: &Layout,
    pages: &[ObjectId],
    dests: &Dests,
) -> Option<ObjectId> {
    let entries: Vec<_> = laid
        .outline
        .iter()
        .filter_map(|e| dests.get(&e.dest).map(|d| (e, *d)))
        .collect();
    if entries.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    // parent[i]: index of the parent entry, None for top level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, (e, _)) in entries.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if entries[top].0.level >= e.level {
                stack.pop();
            } else {
                break;
            }
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    for (i, (e, d)) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let kids = children(Some(i));
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&e.title));
        dict.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        dict.set("Dest", dest_array(pages, *d));
        if pos > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&n) = siblings.get(pos + 1) {
            dict.set("Next", Object::Reference(ids[n]));
        }
        if let (Some(&f), Some(&l)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[f]));
            dict.set("Last", Object::Reference(ids[l]));
            // Open: the whole outline shows.
            let descendants = (0..entries.len())
                .filter(|&j| {
                    let mut p = parent[j];
                    while let Some(q) = p {
                        if q == i {
                            return true;
                        }
                        p = parent[q];
                    }
                    false
                })
                .count();
            dict.set("Count", descendants as i64);
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let top = children(None);
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    r.set("First", Object::Reference(ids[top[0]]));
    r.set(
        "Last",
        Object::Reference(ids[*top.last().expect("non-empty")]),
    );
    r.set("Count", entries.len() as i64);
    doc.objects.insert(root, Object::Dictionary(r));
    Some(root)
}

fn xmp(ctx: &RenderContext, date: &str) -> String {
    let m = &ctx.doc.meta;
    let keywords = xml_escape(&m.keywords.join(", "));
    let subjects: String = m
        .keywords
        .iter()
        .map(|k| format!("<rdf:li>{}</rdf:li>", xml_escape(k)))
        .collect();
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:subject><rdf:Bag>{subjects}</rdf:Bag></dc:subject>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{keywords}</pdf:Keywords>
<pdf:Producer>briefwright</pdf:Producer>
<pdfx:Classification>{classification}</pdfx:Classification>
<pdfx:Releasability>{releasability}</pdfx:Releasability>
<xmp:CreatorTool>briefwright</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        title = xml_escape(&m.title),
        subject = xml_escape(&m.subject),
        author = xml_escape(&m.author),
        lang = xml_escape(&ctx.theme.text.language),
        classification = xml_escape(&m.classification),
        releasability = xml_escape(&m.releasability),
    )
}

/// A hash of everything the file is made from: the same tree and theme give the same `/ID`.
fn content_id(ctx: &RenderContext) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(format!("{:?}", ctx.doc).as_bytes());
    h.update(format!("{:?}", ctx.theme).as_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.finalize()[..16].to_vec()
}

pub fn finish(
    mut doc: Document,
    laid: &Layout,
    ctx: &RenderContext,
) -> Result<Vec<u8>, Diagnostics> {
    let fail = |what: &str| Diagnostic::new(format!("writing the PDF failed: {what}"));
    doc.version = "1.7".to_string();
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    if pages.len() != laid.pages.len() {
        return Err(fail("page count mismatch").into());
    }
    let dests = destinations(laid);
    add_links(&mut doc, laid, &pages, &dests);
    let outline = add_outline(&mut doc, laid, &pages, &dests);

    let m = &ctx.doc.meta;
    let pdf_date = format!("D:{}000000Z", m.date.format("%Y%m%d"));
    let xmp_date = format!("{}T00:00:00Z", m.date.format("%Y-%m-%d"));
    let mut info = Dictionary::new();
    info.set("Title", text_string(&m.title));
    info.set("Subject", text_string(&m.subject));
    info.set("Author", text_string(&m.author));
    info.set("Keywords", text_string(&m.keywords.join(", ")));
    // Custom entries for document-management systems; XMP carries the same as pdfx: properties.
    info.set("Classification", text_string(&m.classification));
    info.set("Releasability", text_string(&m.releasability));
    info.set("Creator", text_string("briefwright"));
    info.set("Producer", text_string("briefwright"));
    info.set(
        "CreationDate",
        Object::String(pdf_date.clone().into_bytes(), StringFormat::Literal),
    );
    info.set(
        "ModDate",
        Object::String(pdf_date.into_bytes(), StringFormat::Literal),
    );
    let info_id = doc.add_object(info);
    let mut xmp_dict = Dictionary::new();
    xmp_dict.set("Type", Object::Name(b"Metadata".to_vec()));
    xmp_dict.set("Subtype", Object::Name(b"XML".to_vec()));
    // XMP stays uncompressed so that file-level metadata scanners can read it.
    let xmp_stream =
        Stream::new(xmp_dict, xmp(ctx, &xmp_date).into_bytes()).with_compression(false);
    let xmp_id = doc.add_object(xmp_stream);

    let catalog = doc.catalog_mut().map_err(|_| fail("no catalog"))?;
    catalog.remove(b"OutputIntents");
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.set(
        "Lang",
        Object::String(
            ctx.theme.text.language.as_bytes().to_vec(),
            StringFormat::Literal,
        ),
    );
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", prefs);
    match outline {
        Some(o) => {
            catalog.set("Outlines", Object::Reference(o));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    // Replace printpdf's info dictionary (dated 1970, claiming PDF/X) with ours.
    if let Ok(old) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        doc.objects.remove(&old);
    }
    doc.trailer.set("Info", Object::Reference(info_id));
    let id = content_id(ctx);
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    prune_and_renumber(&mut doc);
    compress(&mut doc);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| fail(&e.to_string()))?;
    Ok(out)
}

/// Calls `f` on every reference an object holds, however deeply nested.
fn visit_references(object: &mut Object, f: &mut impl FnMut(&mut ObjectId)) {
    match object {
        Object::Reference(id) => f(id),
        Object::Array(items) => items.iter_mut().for_each(|o| visit_references(o, f)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| visit_references(o, f)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| visit_references(o, f)),
        _ => {}
    }
}

/// Drops the objects nothing reaches from the trailer (printpdf's info dictionary, replaced
/// above) and numbers the rest 1..n in their old order. lopdf 0.44's `prune_objects` and
/// `renumber_objects` keep the ids they have visited in a `Vec`, which is quadratic: 2 s of a
/// 12 s render at 1,000 rows; a set makes it linear.
fn prune_and_renumber(doc: &mut Document) {
    let mut pending = Vec::new();
    let mut push = |id: &mut ObjectId| pending.push(*id);
    doc.trailer
        .iter_mut()
        .for_each(|(_, o)| visit_references(o, &mut push));
    let mut reached = HashSet::new();
    while let Some(id) = pending.pop() {
        if reached.insert(id) {
            if let Some(o) = doc.objects.get_mut(&id) {
                visit_references(o, &mut |r| pending.push(*r));
            }
        }
    }
    doc.objects.retain(|id, _| reached.contains(id));
    let new_ids: HashMap<ObjectId, ObjectId> = doc
        .objects
        .keys()
        .zip(1u32..)
        .map(|(old, n)| (*old, (n, old.1)))
        .collect();
    let mut renumber = |id: &mut ObjectId| {
        if let Some(new) = new_ids.get(id) {
            *id = *new;
        }
    };
    doc.objects = std::mem::take(&mut doc.objects)
        .into_iter()
        .map(|(old, mut o)| {
            visit_references(&mut o, &mut renumber);
            (new_ids[&old], o)
        })
        .collect();
    doc.trailer
        .iter_mut()
        .for_each(|(_, o)| visit_references(o, &mut renumber));
    doc.max_id = doc.objects.len() as u32;
}

/// Deflates every stream still stored plain (the subset fonts, the ToUnicode maps) at zlib's
/// default level: lopdf's own `compress` uses the best level, which took 18 ms of a 120 ms
/// render for files about 1% smaller. Streams marked not to compress (XMP) stay plain.
fn compress(doc: &mut Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let Ok(packed) = enc.write_all(&stream.content).and_then(|()| enc.finish()) else {
            continue;
        };
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_objects_go_and_the_rest_are_numbered_in_order() {
        let mut doc = Document::with_version("1.7");
        let leaf = doc.add_object(Object::Integer(7)); // 1
        doc.add_object(Object::Integer(8)); // 2: nothing refers to it
        let mut d = Dictionary::new();
        d.set("Leaf", Object::Reference(leaf));
        d.set("Twice", Object::Array(vec![Object::Reference(leaf)]));
        let root = doc.add_object(d); // 3
        doc.trailer.set("Root", Object::Reference(root));
        prune_and_renumber(&mut doc);
        assert_eq!(doc.objects.len(), 2);
        assert!(!doc.objects.values().any(|o| *o == Object::Integer(8)));
        assert_eq!(doc.objects[&(1, 0)], Object::Integer(7));
        assert_eq!(
            doc.trailer.get(b"Root").unwrap(),
            &Object::Reference((2, 0))
        );
        let root = doc.get_dictionary((2, 0)).unwrap();
        assert_eq!(root.get(b"Leaf").unwrap(), &Object::Reference((1, 0)));
        assert_eq!(doc.max_id, 2);
    }
}
