#!/usr/bin/env python3
"""Build OpenSOTA's shipped real-data sample (src/opensota/sample/).

Reads the read-only shared data folder (see ``<shared>/data/SOURCES.md``) and
writes five gzipped JSON arrays in the public Papers-with-Code dump formats:

    papers-with-abstracts.json.gz
    links-between-papers-and-code.json.gz
    evaluation-tables.json.gz        (143 original tasks + the PWC task taxonomy)
    methods.json.gz
    datasets.json.gz

plus ``NOTICE.md`` (attribution) and ``README.md`` (counts, rebuild command,
decisions).  The output is deterministic: records keep a stable order, JSON is
compact, gzip headers carry mtime=0 and no file name, so rebuilding gives
identical bytes.

Usage (from the repository root)::

    python scripts/build_sample.py --shared ../shared [--out src/opensota/sample]

Standard library only, plus two pure-Python modules of the project itself
(opensota.slugs, opensota.catalog.identifiers).
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import io
import json
import os
import re
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The project's own slug and arXiv-id functions (standard library only), so the sample
# is cut with exactly the rules the importer applies, even without an installed package.
sys.path.insert(0, os.path.join(REPO_ROOT, "src"))
from opensota.catalog.identifiers import arxiv_id_from_url  # noqa: E402
from opensota.slugs import slugify  # noqa: E402

PAPER_TARGET = 5000  # soft cap on the number of papers (rule 2)

# Classic examples that must be kept wherever the real data has them.
# (label, regex applied to the title, extra arXiv ids)
CLASSICS = [
    ("Mask R-CNN", r"\bmask\s*r-?cnn\b", ()),
    ("MobileNetV2", r"mobilenet\s*-?\s*v2|inverted residuals and linear bottlenecks", ("1801.04381",)),
    ("BERT (1810.04805)", r"(?-i:\bBERT\b)", ("1810.04805",)),
    ("DeepLab", r"deeplab", ("1606.00915", "1706.05587", "1802.02611")),
    ("PSPNet / Pyramid Scene Parsing", r"pspnet|pyramid scene parsing", ("1612.01105",)),
    ("semantic segmentation", r"semantic segmentation", ()),
    ("recommendation / recommender", r"recommend", ()),
]

# ---------------------------------------------------------------------------
# Taxonomy clean-up lists (documented in the generated README.md)
# ---------------------------------------------------------------------------

# Names that are not tasks at all: dropped everywhere (as records and as
# endpoints of parent/child edges).
JUNK_NAMES = {
    "": "empty name",
    "(deleted task 2)": "placeholder of a deleted task",
    "16k": "a resolution, not a task",
    "2k": "a resolution, not a task",
    "4k": "a resolution, not a task",
    "4K 60Fps": "a video format, not a task",
    "How To Refund A Wrong Transaction In Phonepe": "spam",
    "How to refund a wrong transaction in PhonePe": "spam",
    "SMC会议": "a conference name, not a task",
    "Wrong PDF attached": "an editing note, not a task",
    "陕西、四川、重庆地区2017-2022年末人口数（如图1-7所示）中，陕西省人口数较稳 定，维持在3940万人，四川和重庆均呈上升趋势。":
        "a sentence about population statistics, not a task",
}

# Truncated or mistyped duplicates: merged into the full name.
ALIASES = {
    "1 Image, 2*2 Stitchi": "1 Image, 2*2 Stitching",  # truncated at 20 characters
    "Video Captioning on MS": "Video Captioning on MSR-VTT",  # truncated
    "Unsupervised Domain Adaptationn": "Unsupervised Domain Adaptation",  # typo
    "Multivariate Time Series Forecastingm": "Multivariate Time Series Forecasting",  # typo
    "Zero-shot 3D Point Cloud Classificationclassification": "Zero-shot 3D Point Cloud Classification",  # typo
    "Math Word Problem SolvingΩ": "Math Word Problem Solving",  # typo
}

# Real task names whose child lists are unrelated popular tasks (community
# vandalism on PWC): the task is kept, its parent->child edges are ignored.
JUNK_PARENTS = {
    "1 Image, 2*2 Stitching": "children are Pose Estimation, Style Transfer, Music Generation, Voice Conversion, ...",
    "10-shot image generation": "children are Semantic Segmentation, Decoder, Object, Text to Speech, ...",
    "2D Classification": "children are Object Detection, Articles, Voice Conversion, Backdoor Attack, ...",
    "2D Human Pose Estimation": "children are Articles, Style Transfer, Community Question Answering, ...",
    "2D Semantic Segmentation": "children mix Text Style Transfer, Reflection Removal, Building Damage Assessment, Image Segmentation, ...",
}

# Task descriptions that are vandalism (song lyrics, unrelated stories, file
# paths, one-word notes): the task is kept with an empty description.
VANDALISED_DESCRIPTIONS = {
    "2D Pose Estimation": "\"detective pose\"",
    "AI Agent": "an unrelated Portuguese text on education",
    "Cloud Computing": "\"to study\"",
    "Deep Learning": "\"forecast\"",
    "FPS Games": "\"... like call of duty so enjoy\"",
    "Highlight Detection": "a YouTube link",
    "Human Detection": "a Spanish text about a music festival",
    "Image Deblurring": "a local file path",
    "Image Inpainting": "\"Remove the preview tag from template\"",
    "Motion Synthesis": "a chatbot answer",
    "Music Generation": "\"Musique guitar\"",
    "Portrait Animation": "an image-generation prompt",
    "Scene Generation": "an image-generation prompt",
    "Singing Voice Synthesis": "song lyrics",
    "Text to Video Retrieval": "song lyrics",
    "Text-to-Image Generation": "an unrelated text on embryology",
    "Text-to-Video Generation": "an unrelated French story",
    "Visual Question Answering": "\"MLLM Leaderboard\"",
    "Voice Conversion": "song lyrics",
    "model": "\"algorithme utiliser\"",
}

DOMAIN_AREA = {"cv": "Computer Vision", "nlp": "Natural Language Processing", "audio": "Audio"}
GENERIC_AREAS = ("Methodology", "Miscellaneous")
FALLBACK_AREA = "Miscellaneous"

NAME_STOPWORDS = {"and", "of", "the", "a", "an", "in", "on", "for", "with", "from", "to", "by", "using", "based", "via"}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def clean_name(name: str) -> str:
    return " ".join(name.split())


def name_tokens(name: str) -> set:
    return set(re.findall(r"[a-z0-9]+", name.lower())) - NAME_STOPWORDS


def norm_title(t):
    return re.sub(r"[^a-z0-9]+", "", (t or "").lower())


def dump_json(records) -> bytes:
    return json.dumps(records, ensure_ascii=False, indent=None, separators=(",", ":")).encode("utf-8")


def write_gz(path: str, records) -> None:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(dump_json(records))
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def read_gz_json(path: str):
    with gzip.open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def load_json(path: str):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def is_scraped_title(title) -> bool:
    """A page title scraped from a web page rather than the paper's title."""
    if not title:
        return False
    t = title.strip()
    if re.match(r"^(https?://|www\.)", t, re.I):
        return True
    if re.match(r"^[\w.-]+\.(com|org|net|io|edu|ai|cc)(/\S*)?$", t, re.I):
        return True
    if re.search(r"\|\s*(OpenReview|SpringerLink|arXiv|ScienceDirect|IEEE Xplore|ACL Anthology|Semantic Scholar)\s*$", t, re.I):
        return True
    if re.match(r"^(Forum|Login|Sign in|Page not found|404)\b", t, re.I):
        return True
    return False


def iter_tables(tasks):
    """Yield every dataset/subdataset dict of a list of sota-extractor tasks."""
    def walk_ds(ds):
        yield ds
        for sub in ds.get("subdatasets") or []:
            yield from walk_ds(sub)

    for task in tasks:
        for ds in task.get("datasets") or []:
            yield from walk_ds(ds)
        yield from iter_tables(task.get("subtasks") or [])


def iter_rows(tasks):
    for ds in iter_tables(tasks):
        for row in (ds.get("sota") or {}).get("rows") or []:
            yield row


# ---------------------------------------------------------------------------
# papers, links
# ---------------------------------------------------------------------------

def load_arxiv(path):
    recs = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                r = json.loads(line)
                recs[r["arxiv_id"]] = r
    return recs


def select_papers(papers, links, tables, arxiv, stats):
    by_arxiv, by_abs, by_title, by_ntitle = {}, {}, {}, {}
    for p in papers:
        if p.get("arxiv_id"):
            by_arxiv.setdefault(p["arxiv_id"], p)
        if p.get("url_abs"):
            by_abs.setdefault(p["url_abs"], p)
        if p.get("title"):
            by_title.setdefault(p["title"], p)
            by_ntitle.setdefault(norm_title(p["title"]), p)

    eval_urls = set()
    match_counts = collections.Counter()
    for row in iter_rows(tables):
        url = row.get("paper_url") or ""
        title = row.get("paper_title") or ""
        if not url and not title:
            match_counts["no paper"] += 1
            continue
        aid = arxiv_id_from_url(url)
        p = None
        if aid and aid in by_arxiv:
            p, how = by_arxiv[aid], "arxiv id"
        elif url and url in by_abs:
            p, how = by_abs[url], "url_abs"
        elif title and title in by_title:
            p, how = by_title[title], "title"
        elif title and norm_title(title) in by_ntitle:
            p, how = by_ntitle[norm_title(title)], "normalised title"
        if p is None:
            match_counts["unmatched"] += 1
            continue
        match_counts[how] += 1
        eval_urls.add(p["paper_url"])
    stats["row_matches"] = dict(match_counts)

    linked_urls = {l["paper_url"] for l in links}
    abstract_urls = {
        p["paper_url"]
        for p in papers
        if p.get("arxiv_id") in arxiv and arxiv[p["arxiv_id"]].get("title") and arxiv[p["arxiv_id"]].get("abstract")
    }

    classic_found = collections.OrderedDict()
    classic_urls = set()
    for label, pat, ids in CLASSICS:
        rx = re.compile(pat, re.IGNORECASE)
        hits = [p for p in papers if (p.get("title") and rx.search(p["title"])) or (p.get("arxiv_id") in ids)]
        classic_found[label] = [(p.get("arxiv_id"), p.get("title"), p["paper_url"]) for p in hits]
        classic_urls.update(p["paper_url"] for p in hits)

    must = eval_urls | abstract_urls | classic_urls
    linked_only = sorted(linked_urls - must)
    room = max(0, PAPER_TARGET - len(must))
    trimmed = linked_only[room:] if len(must) + len(linked_only) > PAPER_TARGET else []
    keep = must | (set(linked_only) - set(trimmed))

    stats.update(
        eval_papers=len(eval_urls),
        linked_papers=len(linked_urls),
        abstract_papers=len(abstract_urls),
        classic_papers=len(classic_urls),
        trimmed_linked_only=len(trimmed),
    )
    kept = [p for p in papers if p["paper_url"] in keep]  # input order
    return kept, classic_found


def fill_from_arxiv(papers, arxiv, stats):
    """Rule 3: fill null / scraped titles, null abstracts and empty author lists."""
    n_title = n_abs = n_auth = 0
    retitled = {}
    for p in papers:
        a = arxiv.get(p.get("arxiv_id") or "")
        if not a:
            continue
        if a.get("title") and (not p.get("title") or is_scraped_title(p["title"])):
            if p.get("title") != a["title"]:
                retitled[p["paper_url"]] = a["title"]
                p["title"] = a["title"]
                n_title += 1
        if a.get("abstract") and not p.get("abstract"):
            p["abstract"] = a["abstract"]
            n_abs += 1
        if a.get("authors") and not p.get("authors"):
            p["authors"] = list(a["authors"])
            n_auth += 1
    stats.update(filled_titles=n_title, filled_abstracts=n_abs, filled_authors=n_auth)
    return retitled


# ---------------------------------------------------------------------------
# taxonomy
# ---------------------------------------------------------------------------

# Areas the original evaluation tables already imply, by their categories or their source:
# NLP-progress and the SQuAD/CoQA/HotpotQA/ReCoRD/SNLI leaderboards are NLP, OGB is graphs,
# CheXpert is medical. These win over the taxonomy files, where e.g. "Named Entity
# Recognition" is listed only in the cv file.
CATEGORY_AREA = {"NLP": "Natural Language Processing", "Computer Vision": "Computer Vision",
                 "Speech": "Speech"}
SOURCE_AREA = {"NLP-progress": "Natural Language Processing", "CoQA Leaderboard": "Natural Language Processing",
               "HotpotQA Leaderboard": "Natural Language Processing", "SQuAD Leaderboard": "Natural Language Processing",
               "ReCoRD Leaderboard": "Natural Language Processing",
               "The Stanford Natural Language Inference (SNLI) Corpus": "Natural Language Processing",
               "Node Property Prediction LeaderBoard": "Graphs", "Link Property Prediction LeaderBoard": "Graphs",
               "Graph Property Prediction LeaderBoard": "Graphs", "CheXpert Leaderboard": "Medical"}


def evaluation_table_areas(tasks) -> dict:
    """slug -> area for the original task records whose categories or source say it."""
    areas = {}

    def walk(task, inherited):
        area = next((CATEGORY_AREA[c] for c in task.get("categories") or [] if c in CATEGORY_AREA), None)
        area = area or SOURCE_AREA.get((task.get("source_link") or {}).get("title")) or inherited
        if area:
            areas.setdefault(slugify(task["task"]), area)
        for sub in task.get("subtasks") or []:
            walk(sub, area)

    for task in tasks:
        walk(task, None)
    return areas


def build_taxonomy(tax_dir, stats, known_areas=None):
    res = os.path.join(tax_dir, "results")

    with open(os.path.join(res, "research_areas.csv"), newline="", encoding="utf-8") as f:
        areas = [r["Research Area"].strip() for r in csv.DictReader(f)]
    area_set = set(areas)
    priority = [a for a in areas if a not in GENERIC_AREAS] + [a for a in GENERIC_AREAS if a in area_set]

    dropped = collections.Counter()   # junk name -> occurrences
    vandal_desc = set()
    aliased = collections.Counter()   # alias name -> occurrences

    def canon_raw(name):
        """Clean a raw name; None if junk. Applies ALIASES."""
        if name is None:
            return None
        n = clean_name(name)
        if n in JUNK_NAMES:
            dropped[n] += 1
            return None
        if n in ALIASES:
            aliased[n] += 1
            n = ALIASES[n]
        return n

    # --- node information -------------------------------------------------
    info = {}  # cleaned name -> dict(domain, cats, desc, dc, sources)

    def node(n, domain=None):
        d = info.get(n)
        if d is None:
            d = info[n] = {"domain": domain, "cats": [], "desc": "", "dc": -1, "det": False}
        elif d["domain"] is None and domain:
            d["domain"] = domain
        return d

    domains = ["audio", "cv", "nlp", "other"]
    sub_edges = []
    for dom in domains:
        path = os.path.join(res, dom, f"{dom}_tasks_detailed.csv")
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                n = canon_raw(r["Task Name"])
                if n is None:
                    continue
                d = node(n, dom)
                d["det"] = True
                cats = [c.strip() for c in (r.get("Categories") or "").split(";")]
                for c in cats:
                    if c in area_set and c not in d["cats"]:
                        d["cats"].append(c)
                desc = (r.get("Description (First 200 chars)") or "").strip()
                if clean_name(r["Task Name"]) in VANDALISED_DESCRIPTIONS:
                    vandal_desc.add(n)
                    desc = ""
                if desc and desc != "N/A" and not d["desc"]:
                    # drop a dangling, truncated HTML tag left by the 200-char cut
                    desc = re.sub(r"\s*<[^>]*$", "", desc).strip()
                    d["desc"] = desc
                try:
                    d["dc"] = max(d["dc"], int(r.get("Dataset Count") or -1))
                except ValueError:
                    pass
                subs = (r.get("Subtasks") or "").strip()
                if subs and subs != "N/A":
                    for s in subs.split(";"):
                        sub_edges.append((r["Task Name"], s))

    with open(os.path.join(tax_dir, "data", "all_tasks.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            raw = json.loads(line) if line.startswith('"') else line
            n = canon_raw(raw)
            if n is not None:
                node(n)

    edges = collections.OrderedDict()  # (parent_raw, child_raw) -> set(sources)

    def add_edge(p, c, src):
        edges.setdefault((p, c), set()).add(src)

    for dom in domains:
        j = load_json(os.path.join(res, "hierarchical", f"{dom}_hierarchy.json"))

        def walk(nd, dom=dom):
            n = canon_raw(nd.get("name"))
            if n is not None:
                d = node(n, dom)
                if nd.get("description") and not d["desc"] and n not in VANDALISED_DESCRIPTIONS:
                    d["desc"] = nd["description"].strip()
            for ch in nd.get("children") or []:
                add_edge(nd.get("name"), ch.get("name"), "hierarchy-json")
                walk(ch)

        for top in (j.get("hierarchical_tasks") or []) + (j.get("standalone_tasks") or []):
            walk(top)

    breadth_raw = collections.Counter()
    with open(os.path.join(res, "task_hierarchy.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            parent = r["Parent Task"]
            try:
                breadth_raw[clean_name(parent)] = max(breadth_raw[clean_name(parent)], int(r["Child Tasks Count"]))
            except ValueError:
                pass
            for ch in (r.get("Child Tasks") or "").split(";"):
                ch = ch.strip()
                if ch.endswith("..."):  # list truncated after this name
                    ch = ch[:-3].strip()
                if ch:
                    add_edge(parent, ch, "task_hierarchy.csv")

    for p, c in sub_edges:
        add_edge(p, c.strip(), "detailed-csv-subtasks")

    # --- edges: clean names, drop junk, register nodes ---------------------
    clean_edges = collections.OrderedDict()
    junk_parent_edges = 0
    for (p_raw, c_raw), srcs in edges.items():
        p, c = canon_raw(p_raw), canon_raw(c_raw)
        if p is None or c is None:
            continue
        if p in JUNK_PARENTS:
            junk_parent_edges += 1
            node(p)
            node(c)
            continue
        node(p)
        node(c)
        clean_edges.setdefault((p, c), set()).update(srcs)

    # --- merge names that share a slug (the importer merges them anyway) -----
    groups = collections.defaultdict(list)
    for n in info:
        groups[slugify(n)].append(n)
    canon = {}
    merged_variants = []
    for slug, names in groups.items():
        if not slug:
            for n in names:
                dropped[n] += 1
            continue

        def pref(n):
            d = info[n]
            return (not d["det"], n.islower() or n.isupper(), len(n), -d["dc"], not d["cats"], n)

        names.sort(key=pref)
        best = names[0]
        for n in names:
            canon[n] = best
        if len(names) > 1:
            merged_variants.append((best, names[1:]))
            b = info[best]
            for n in names[1:]:
                d = info[n]
                for c in d["cats"]:
                    if c not in b["cats"]:
                        b["cats"].append(c)
                if not b["desc"] and d["desc"]:
                    b["desc"] = d["desc"]
                if b["domain"] is None:
                    b["domain"] = d["domain"]
                b["dc"] = max(b["dc"], d["dc"])

    nodes = sorted(set(canon.values()), key=lambda n: (slugify(n), n))

    kids = collections.defaultdict(set)
    cand_edges = collections.OrderedDict()
    for (p, c), srcs in clean_edges.items():
        if p not in canon or c not in canon:
            continue
        p, c = canon[p], canon[c]
        if p == c:
            continue
        cand_edges.setdefault((p, c), set()).update(srcs)
        kids[p].add(c)

    breadth = {}
    for n in nodes:
        breadth[n] = max([len(kids.get(n, ()))] + [breadth_raw.get(v, 0) for v in groups[slugify(n)]])

    # --- plausibility filters ---------------------------------------------
    filtered = collections.OrderedDict()
    backwards, broader, much_broader = [], [], []
    for (p, c), srcs in cand_edges.items():
        tp, tc = name_tokens(p), name_tokens(c)
        if tc and tc < tp:
            backwards.append((p, c))  # e.g. "2D Object Detection" -> "Object Detection"
            continue
        if breadth[c] > breadth[p] and not (tp & tc):
            broader.append((p, c))  # e.g. "3D" -> "Object Detection"
            continue
        if breadth[c] >= 5 and breadth[c] >= 3 * max(1, breadth[p]):
            much_broader.append((p, c))  # e.g. "3D Face Modelling" -> "Facial Recognition and Modelling"
            continue
        filtered[(p, c)] = srcs

    parents_of = collections.defaultdict(list)
    graph = collections.defaultdict(set)
    for (p, c), srcs in filtered.items():
        parents_of[c].append((p, srcs))
        graph[p].add(c)

    def reaches(a, b):
        seen, stack = set(), [a]
        while stack:
            x = stack.pop()
            if x == b:
                return True
            if x in seen:
                continue
            seen.add(x)
            stack.extend(graph.get(x, ()))
        return False

    # rank each child's candidate parents: most specific first
    ranked = []
    for c, cands in parents_of.items():
        names = [p for p, _ in cands]
        keyed = []
        for p, srcs in cands:
            more_specific = any(q != p and reaches(q, p) for q in names)
            keyed.append(((0 if more_specific else 1,
                           -len(name_tokens(p) & name_tokens(c)),
                           -len(srcs),
                           breadth[p],
                           slugify(p)), p))
        keyed.sort()
        for rank, (k, p) in enumerate(keyed):
            ranked.append(((rank,) + k + (slugify(c),), c, p))
    ranked.sort()

    parent = {}

    def creates_cycle(c, p):
        x = p
        while x is not None:
            if x == c:
                return True
            x = parent.get(x)
        return False

    multi_parent = sum(1 for c in parents_of if len(parents_of[c]) > 1)
    cycles_avoided = []
    for _, c, p in ranked:
        if c in parent:
            continue
        if creates_cycle(c, p):
            cycles_avoided.append((p, c))
            continue
        parent[c] = p

    children = collections.defaultdict(list)
    for c, p in parent.items():
        children[p].append(c)
    roots = [n for n in nodes if n not in parent]

    # --- areas --------------------------------------------------------------
    def pick(cats, domain):
        pref_area = DOMAIN_AREA.get(domain)
        if pref_area in cats:
            return pref_area
        for a in priority:
            if a in cats:
                return a
        return None

    area_of = {}
    area_source = collections.Counter()

    known_areas = known_areas or {}

    def assign(n, parent_area):
        d = info[n]
        if slugify(n) in known_areas:
            a, why = known_areas[slugify(n)], "area implied by the original evaluation tables"
        elif parent_area is not None and parent_area in d["cats"]:
            a, why = parent_area, "own category = parent's area"
        elif d["cats"]:
            a, why = pick(d["cats"], d["domain"]), "own categories"
        elif parent_area is not None:
            a, why = parent_area, "inherited from parent"
        elif d["domain"] in DOMAIN_AREA:
            a, why = DOMAIN_AREA[d["domain"]], "root without categories: cv/nlp/audio domain file"
        elif d["domain"] == "other":
            a, why = FALLBACK_AREA, "root without categories: 'other' domain file -> Miscellaneous"
        else:
            a, why = FALLBACK_AREA, "root without categories or domain -> Miscellaneous"
        area_of[n] = a
        area_source[why] += 1
        for ch in sorted(children.get(n, ()), key=lambda x: (x.lower(), x)):
            assign(ch, a)

    for r in roots:
        assign(r, None)

    def record(n):
        subs = sorted(children.get(n, ()), key=lambda x: (x.lower(), x))
        return {
            "categories": [area_of[n]],
            "datasets": [],
            "description": info[n]["desc"] or "",
            "source_link": None,
            "subtasks": [record(s) for s in subs],
            "synonyms": [],
            "task": n,
        }

    records = []
    per_area = collections.OrderedDict()
    for a in areas:
        rs = sorted([r for r in roots if area_of[r] == a], key=lambda x: (x.lower(), x))
        per_area[a] = {"roots": len(rs), "tasks": 0}
        for r in rs:
            records.append(record(r))
    for n, a in area_of.items():
        per_area[a]["tasks"] += 1

    depth = {}

    def dep(n):
        if n not in depth:
            depth[n] = 0 if n not in parent else dep(parent[n]) + 1
        return depth[n]

    stats["taxonomy"] = {
        "tasks": len(nodes),
        "roots": len(roots),
        "with_parent": len(parent),
        "max_depth": max(dep(n) for n in nodes) if nodes else 0,
        "raw_edges": len(edges),
        "edges_after_cleaning": len(filtered),
        "junk_parent_edges": junk_parent_edges,
        "backwards_edges_dropped": sorted(backwards),
        "broader_unrelated_edges_dropped": sorted(broader),
        "much_broader_edges_dropped": sorted(much_broader),
        "children_with_several_parents": multi_parent,
        "cycle_edges_skipped": sorted(cycles_avoided),
        "dropped_names": sorted(dropped),
        "aliases": sorted((a, ALIASES[a]) for a in aliased),
        "slug_merges": sorted(merged_variants),
        "per_area": per_area,
        "area_source": dict(area_source),
        "with_description": sum(1 for n in nodes if info[n]["desc"]),
        "vandalised_descriptions": sorted(vandal_desc),
        "areas": areas,
    }
    return records


# ---------------------------------------------------------------------------
# verification
# ---------------------------------------------------------------------------

def key_types(records):
    kt = collections.defaultdict(set)
    for r in records:
        for k, v in r.items():
            kt[k].add(type(v).__name__)
    return kt


def verify(out, inputs, n_orig_tasks):
    problems = []
    loaded = {}
    for name in inputs:
        path = os.path.join(out, name)
        try:
            loaded[name] = read_gz_json(path)
        except Exception as e:  # noqa: BLE001
            problems.append(f"{name}: cannot read back: {e}")
            continue
        if not isinstance(loaded[name], list):
            problems.append(f"{name}: not a JSON array")

    for name in ("papers-with-abstracts.json.gz", "links-between-papers-and-code.json.gz",
                 "datasets.json.gz", "methods.json.gz"):
        src = inputs[name]
        want_keys = {tuple(sorted(r)) for r in src}
        src_types = key_types(src)
        for r in loaded.get(name, []):
            if tuple(sorted(r)) not in want_keys:
                problems.append(f"{name}: record with key set {sorted(r)}")
                break
        for k, ts in key_types(loaded.get(name, [])).items():
            extra = ts - src_types.get(k, set())
            if extra:
                problems.append(f"{name}: field {k!r} has new value types {sorted(extra)}")

    # evaluation tables: the original records unchanged, taxonomy records full-format
    ev = loaded.get("evaluation-tables.json.gz", [])
    orig = inputs["evaluation-tables.json.gz"]
    if ev[:n_orig_tasks] != orig:
        problems.append("evaluation-tables: original task records changed")
    full_keys = max((tuple(sorted(t)) for t in orig), key=len)

    def check_task(t):
        if tuple(sorted(t)) != full_keys:
            problems.append(f"evaluation-tables: taxonomy record {t.get('task')!r} has keys {sorted(t)}")
        if not (isinstance(t["categories"], list) and len(t["categories"]) == 1):
            problems.append(f"evaluation-tables: taxonomy record {t['task']!r} categories {t['categories']!r}")
        for s in t["subtasks"]:
            check_task(s)

    slugs = collections.Counter()

    def collect(t):
        slugs[slugify(t["task"])] += 1
        for s in t["subtasks"]:
            collect(s)

    for t in ev[n_orig_tasks:]:
        check_task(t)
        collect(t)
    dup = [s for s, c in slugs.items() if c > 1]
    if dup:
        problems.append(f"evaluation-tables: taxonomy slugs repeated: {dup[:10]}")

    papers = loaded.get("papers-with-abstracts.json.gz", [])
    urls = [p["paper_url"] for p in papers]
    if len(urls) != len(set(urls)):
        problems.append("papers: duplicate paper_url")
    url_set = set(urls)
    bad = [l["paper_url"] for l in loaded.get("links-between-papers-and-code.json.gz", []) if l["paper_url"] not in url_set]
    if bad:
        problems.append(f"links: {len(bad)} links whose paper_url is not in papers, e.g. {bad[:3]}")
    return problems, loaded


# ---------------------------------------------------------------------------
# documents
# ---------------------------------------------------------------------------

SOURCE_ROWS = [
    # repo, commit, licence, what was used
    ("paperswithcode/sota-extractor", "e6374da129cedab1736e97883bfbcddb7ddd2a72", "Apache-2.0",
     "`data/tasks/*.json` evaluation tables (all 143 tasks, unchanged); also the tables' dataset records and code links"),
    ("sebastianruder/NLP-progress", "379f03ff7568b18bd9843490b84c94679f880a79", "MIT",
     "content of the NLP-progress leaderboards, as imported into sota-extractor's `nlp-progress.json` / `nlpprogress.json`"),
    ("mariaayuso/topic-modeling-on-software", "93b8bffee2a87c0ff64bee77be81d51a6af378e7",
     "no licence file; the file is the official PWC methods dump (CC BY-SA 4.0)", "`methods.json.gz` (1,924 methods)"),
    ("World-Snapshot/papers-with-code", "c50b88eb13b179903ecf715bb941fef91bdb5414",
     "no licence file; derived from PWC data (CC BY-SA 4.0)", "task taxonomy: research areas, task hierarchy, task descriptions"),
    ("jd-coderepos/sota", "c50d9173b900c6a8130932d87064d92f38cd0aa5",
     "CC BY-SA 4.0; the arXiv metadata (title, abstract, authors) is CC0", "arXiv titles, abstracts and authors (`arxiv/papers.jsonl.gz`)"),
    ("Vincentqyw/cv-arxiv-daily", "caa189d41de8e1c6faeb4a69d655d55dcd9efbda", "Apache-2.0",
     "arXiv papers and their code links"),
    ("amusi/CVPR2024-Papers-with-Code", "2a668a829d8e2a98e6942e05c11161bf16e67ae5", "no licence file",
     "CVPR 2019-2024 paper/code lists (papers with an arXiv link, GitHub/GitLab code links)"),
    ("zziz/pwc", "6805521215d91f82869daddf27a12048b5444068", "no licence file", "paper/code pairs (`src/pwc.csv`)"),
    ("SoujanyaBasangari/MSR_Assignment-3", "18c90c1a7c8c51cee43e78cbe39e9bd08c37e16b",
     "no licence file (AIMMX evaluation data of IBM)", "paper-title/repository pairs (`reference-evaluation-sample.csv`)"),
]


def notice_md(stats):
    lines = [
        "# NOTICE: sources and licences of this sample",
        "",
        "This folder holds a small real data sample in the public Papers with Code (PWC) dump formats.",
        "It is derived from Papers with Code data, which PWC published under the",
        "[Creative Commons Attribution-ShareAlike 4.0 licence (CC BY-SA 4.0)](https://creativecommons.org/licenses/by-sa/4.0/);",
        "the sample as a whole is therefore distributed under CC BY-SA 4.0, with the additional notices below.",
        "arXiv metadata (titles, abstracts, authors) is CC0. NLP-progress content is MIT-licensed",
        "(Copyright (c) 2018 Sebastian Ruder). sota-extractor and cv-arxiv-daily are Apache-2.0.",
        "",
        "It was built by `scripts/build_sample.py` from the project's shared data folder",
        "(`shared/data`, described in `shared/data/SOURCES.md`), which holds copies of public GitHub snapshots:",
        "",
        "| Repository | Commit | Licence | Used for |",
        "|---|---|---|---|",
    ]
    for repo, commit, lic, used in SOURCE_ROWS:
        lines.append(f"| [{repo}](https://github.com/{repo}) | `{commit}` | {lic} | {used} |")
    lines += [
        "",
        "Sources with no licence file are used only for factual metadata (paper titles, URLs, repository",
        "URLs, task names) that originally comes from Papers with Code or arXiv; their upstream status is",
        "recorded here so it can be reviewed.",
        "",
        "## What the build script changed",
        "",
        "- **Selection.** Papers: every paper cited by an evaluation-table row, every paper with a code link,",
        "  every paper whose arXiv id has a title and abstract in the arXiv metadata, and the classic examples",
        f"  (see README.md); {stats['papers']:,} of the {stats['papers_in']:,} input papers are kept. Links: every link whose",
        "  paper is kept. Evaluation tables, datasets and methods: all records kept.",
        f"- **arXiv fill-in.** Null or scraped titles, null abstracts and empty author lists were filled from the",
        f"  arXiv metadata by arXiv id ({stats['filled_titles']} titles, {stats['filled_abstracts']} abstracts,",
        f"  {stats['filled_authors']} author lists). `paper_url` slugs were never changed.",
        "- **Task taxonomy.** The PWC task taxonomy (World-Snapshot/papers-with-code) was added to",
        "  `evaluation-tables.json.gz` after the 143 original task records, as additional task records with",
        "  one research area in `categories`, no datasets, child tasks in `subtasks`, and the (200-character)",
        "  description where one exists. Junk and duplicate names were dropped or merged (see README.md).",
        "- **Re-serialisation.** All five files are compact JSON (UTF-8), gzipped with mtime 0. The 143",
        "  original evaluation-table records, the 263 dataset records and the 1,924 method records are",
        "  unchanged record for record.",
        "",
    ]
    return "\n".join(lines)


def readme_md(stats, counts, sizes, classic_found):
    tx = stats["taxonomy"]
    L = [
        "# OpenSOTA real data sample",
        "",
        "A small, coherent sample of real data in the five public Papers with Code dump formats,",
        "used for development, tests and demos. Licence and attribution: see [NOTICE.md](NOTICE.md).",
        "",
        "| File | Records | Bytes (gzip) |",
        "|---|---:|---:|",
    ]
    for name, n in counts.items():
        L.append(f"| `{name}` | {n:,} | {sizes[name]:,} |")
    L += [
        "",
        f"`evaluation-tables.json.gz` holds the {stats['orig_tasks']} original top-level task records "
        f"({stats['orig_tasks_with_sub']} counting subtasks, {stats['orig_rows']:,} result rows), followed by "
        f"{stats['tax_records_top']:,} top-level taxonomy records that hold {tx['tasks']:,} task names in all.",
        "",
        "## Rebuild",
        "",
        "From the repository root (standard library only, deterministic: rebuilding gives identical bytes):",
        "",
        "```",
        "python scripts/build_sample.py --shared ../shared",
        "```",
        "",
        "`--shared` is the shared folder (the one holding `data/SOURCES.md`; default `../shared` relative to the",
        "repository root); `--out` defaults to `src/opensota/sample`.",
        "",
        "## Papers",
        "",
        f"- {stats['eval_papers']:,} papers are cited by evaluation-table rows (rows are matched by arXiv id parsed from",
        "  `paper_url`, else `url_abs` = `paper_url`, else title; rows matched by "
        + ", ".join(f"{k}: {v:,}" for k, v in stats["row_matches"].items() if k not in ("no paper", "unmatched"))
        + f"; unmatched: {stats['row_matches'].get('unmatched', 0)}; rows that name no paper: "
        + f"{stats['row_matches'].get('no paper', 0)}).",
        f"- {stats['linked_papers']:,} papers have a code link; {stats['abstract_papers']:,} papers have an arXiv title and abstract",
        f"  in the arXiv metadata; {stats['classic_papers']} papers match a classic example.",
        f"- Union: {stats['papers']:,} papers, below the ~{PAPER_TARGET:,} cap, so no linked-only paper was trimmed."
        if stats["trimmed_linked_only"] == 0 else
        f"- Union above ~{PAPER_TARGET:,}: {stats['trimmed_linked_only']:,} linked-only papers trimmed (by paper_url).",
        "- \"Papers whose arXiv id has a title+abstract\" is read within the input paper records; arXiv records",
        "  that are not PWC papers are not added as new papers.",
        f"- Filled from arXiv metadata: {stats['filled_titles']} titles, {stats['filled_abstracts']} abstracts,",
        f"  {stats['filled_authors']} author lists. (The input sample was already built from the same arXiv",
        "  metadata, so there was little or nothing left to fill.) `paper_url` is never changed; a link's",
        "  `paper_title` follows its paper's title if the title was filled.",
        f"- {stats['papers_null_title']} papers still have no title, {stats['papers_with_abstract']:,} have an abstract,",
        f"  {stats['papers_with_authors']:,} have authors.",
        "",
        "### Classic examples",
        "",
    ]
    for label, hits in classic_found.items():
        if hits:
            ex = "; ".join(f"{t!r}" + (f" (arXiv {a})" if a else "") for a, t, _ in hits[:4])
            more = f" and {len(hits) - 4} more" if len(hits) > 4 else ""
            L.append(f"- **{label}**: found, {len(hits)} paper(s): {ex}{more}.")
        else:
            L.append(f"- **{label}**: not in the real data.")
    L += [
        "",
        "## Task taxonomy",
        "",
        "Built from World-Snapshot/papers-with-code `results/` (detailed task CSVs, `task_hierarchy.csv`,",
        "`hierarchical/*_hierarchy.json`, `research_areas.csv`) and `data/all_tasks.txt`.",
        "",
        f"- **Task names**: the union of all names in these files, whitespace collapsed: {tx['tasks']:,} tasks after clean-up,",
        f"  {tx['with_description']:,} with a description (the detailed CSVs' first 200 characters; a dangling cut HTML tag is removed).",
        "- **Vandalised descriptions dropped** (task kept, description empty): "
        + "; ".join(f"`{n}` ({VANDALISED_DESCRIPTIONS.get(n, '')})" for n in tx["vandalised_descriptions"]) + ".",
        "- **Dropped names** (not tasks): " + ", ".join(f"`{n}`" if n else "(empty name)" for n in tx["dropped_names"]) + ".",
        "- **Merged truncated/mistyped duplicates**: " + "; ".join(f"`{a}` → `{b}`" for a, b in tx["aliases"]) + ".",
        "- **Merged names with the same slug** (the importer merges by slug anyway; the kept name is one from the",
        "  detailed CSVs, not all lower/upper case, then the shortest, then the one with most datasets): "
        + "; ".join(f"`{b}` ← " + ", ".join(f"`{v}`" for v in vs) for b, vs in tx["slug_merges"]) + ".",
        "- **Parent/child edges**: the union of the hierarchy JSON trees, `task_hierarchy.csv` (child lists cut",
        "  with \"...\" are used as far as they go) and the detailed CSVs' `Subtasks` column"
        f" ({tx['raw_edges']:,} raw edges, {tx['edges_after_cleaning']:,} after cleaning). Removed:",
        "  - edges from parents whose child lists are unrelated popular tasks (vandalised PWC pages; the tasks",
        f"    themselves are kept) — {tx['junk_parent_edges']} edges: "
        + "; ".join(f"`{p}` ({why})" for p, why in JUNK_PARENTS.items()) + ".",
        "    The top level of `hierarchical/*.json` starts with such names (`1 Image, 2*2 Stitchi`, `10-shot image generation`, `16k`, ...).",
        f"  - {len(tx['backwards_edges_dropped'])} backwards edges, where the child's name is a generalisation of the parent's "
        "(e.g. `2D Object Detection` → `Object Detection`): "
        + "; ".join(f"`{p}` → `{c}`" for p, c in tx["backwards_edges_dropped"]) + ".",
        f"  - {len(tx['broader_unrelated_edges_dropped'])} edges whose child has more subtasks than the parent and shares no word with it "
        "(e.g. `3D` → `Object Detection`): "
        + "; ".join(f"`{p}` → `{c}`" for p, c in tx["broader_unrelated_edges_dropped"]) + ".",
        f"  - {len(tx['much_broader_edges_dropped'])} edges whose child has at least 5 subtasks and at least 3 times as many as the parent "
        "(e.g. `3D Face Modelling` → `Facial Recognition and Modelling`): "
        + "; ".join(f"`{p}` → `{c}`" for p, c in tx["much_broader_edges_dropped"]) + ".",
        "    (\"Subtasks\" = the larger of `Child Tasks Count` in `task_hierarchy.csv` and the distinct children found.)",
        "  - self-loops, and edges to/from dropped names.",
        f"- **One parent per task**: {tx['children_with_several_parents']} tasks had several candidate parents. The most specific one is",
        "  chosen: a candidate that is itself below another candidate, then the one sharing most words with the",
        "  child, then the one given by most source files, then the narrower parent, then by slug. Edges are",
        f"  applied best-first and an edge that would close a cycle is skipped ({len(tx['cycle_edges_skipped'])} skipped: "
        + "; ".join(f"`{p}` → `{c}`" for p, c in tx["cycle_edges_skipped"]) + ").",
        f"  Result: {tx['roots']:,} root tasks, {tx['with_parent']:,} tasks with a parent, maximum depth {tx['max_depth']}.",
        "- **Research area** (one per record, in `categories`): a task keeps its parent's area if that area is",
        "  among its own PWC categories; otherwise its own categories decide (the area of its domain file — cv,",
        "  nlp, audio — if listed, else the first listed area in `research_areas.csv` order with Methodology and",
        "  Miscellaneous last); a task without categories inherits its parent's area, and a root without",
        "  categories takes its domain file's area (`other` → Miscellaneous). How areas were decided: "
        + ", ".join(f"{k}: {v:,}" for k, v in sorted(tx["area_source"].items())) + ".",
        "- Records are grouped by area in `research_areas.csv` order, roots sorted by name; subtasks sorted by name.",
        "  `datasets` and `synonyms` are empty, `source_link` is null. The 143 original task records are unchanged;",
        "  the importer merges tasks by slug, so taxonomy records add areas and hierarchy to the same task names.",
        "",
        "| Research area | Root records | Tasks (incl. subtasks) |",
        "|---|---:|---:|",
    ]
    for a, v in tx["per_area"].items():
        L.append(f"| {a} | {v['roots']:,} | {v['tasks']:,} |")
    L.append("")
    return "\n".join(L)


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def resolve_data_dir(shared):
    for cand in (os.path.join(shared, "data"), shared):
        if os.path.isfile(os.path.join(cand, "SOURCES.md")):
            return cand
    sys.exit(f"error: no SOURCES.md under {shared!r} or {os.path.join(shared, 'data')!r}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(REPO_ROOT, "..", "shared"),
                    help="shared folder holding data/SOURCES.md (default: ../shared relative to the repo root)")
    ap.add_argument("--out", default=os.path.join(REPO_ROOT, "src", "opensota", "sample"),
                    help="output folder (default: src/opensota/sample)")
    args = ap.parse_args(argv)

    data = resolve_data_dir(os.path.abspath(args.shared))
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    sample = os.path.join(data, "pwc-sample")

    papers_in = load_json(os.path.join(sample, "papers-with-abstracts.json"))
    links_in = load_json(os.path.join(sample, "links-between-papers-and-code.json"))
    tables_in = load_json(os.path.join(sample, "evaluation-tables.json"))
    datasets_in = load_json(os.path.join(sample, "datasets.json"))
    methods_in = read_gz_json(os.path.join(sample, "methods.json.gz"))
    arxiv = load_arxiv(os.path.join(data, "arxiv", "papers.jsonl.gz"))

    stats = {"papers_in": len(papers_in)}

    # papers and links (work on copies; the inputs are kept for verification)
    papers_work = json.loads(json.dumps(papers_in))
    papers, classic_found = select_papers(papers_work, links_in, tables_in, arxiv, stats)
    retitled = fill_from_arxiv(papers, arxiv, stats)
    kept_urls = {p["paper_url"] for p in papers}
    links = []
    relinked = 0
    for l in links_in:
        if l["paper_url"] in kept_urls:
            l = dict(l)
            if l["paper_url"] in retitled:
                l["paper_title"] = retitled[l["paper_url"]]
                relinked += 1
            links.append(l)
    stats["link_titles_updated"] = relinked

    # evaluation tables + taxonomy
    taxonomy = build_taxonomy(os.path.join(data, "pwc", "taxonomy"), stats, evaluation_table_areas(tables_in))
    tables = list(tables_in) + taxonomy
    stats["tax_records_top"] = len(taxonomy)
    stats["orig_tasks"] = len(tables_in)

    def count_tasks(ts):
        return sum(1 + count_tasks(t.get("subtasks") or []) for t in ts)

    stats["orig_tasks_with_sub"] = count_tasks(tables_in)
    stats["orig_rows"] = sum(1 for _ in iter_rows(tables_in))

    outputs = collections.OrderedDict([
        ("papers-with-abstracts.json.gz", papers),
        ("links-between-papers-and-code.json.gz", links),
        ("evaluation-tables.json.gz", tables),
        ("methods.json.gz", methods_in),
        ("datasets.json.gz", datasets_in),
    ])
    for name, recs in outputs.items():
        write_gz(os.path.join(out, name), recs)
    sizes = {name: os.path.getsize(os.path.join(out, name)) for name in outputs}
    counts = collections.OrderedDict((name, len(recs)) for name, recs in outputs.items())

    stats.update(
        papers=len(papers),
        papers_null_title=sum(1 for p in papers if not p.get("title")),
        papers_with_abstract=sum(1 for p in papers if p.get("abstract")),
        papers_with_authors=sum(1 for p in papers if p.get("authors")),
    )

    with open(os.path.join(out, "NOTICE.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(notice_md(stats))
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(readme_md(stats, counts, sizes, classic_found))

    # verification
    inputs = {
        "papers-with-abstracts.json.gz": papers_in,
        "links-between-papers-and-code.json.gz": links_in,
        "evaluation-tables.json.gz": tables_in,
        "methods.json.gz": methods_in,
        "datasets.json.gz": datasets_in,
    }
    problems, loaded = verify(out, inputs, len(tables_in))
    if loaded.get("datasets.json.gz") != datasets_in:
        problems.append("datasets changed")
    if loaded.get("methods.json.gz") != methods_in:
        problems.append("methods changed")

    # summary
    tx = stats["taxonomy"]
    print("OpenSOTA sample written to", out)
    for name in outputs:
        print(f"  {name:40s} {counts[name]:>6,} records {sizes[name]:>10,} bytes")
    print(f"  {'total (5 files)':40s} {'':>14} {sum(sizes.values()):>10,} bytes")
    print(f"papers: {len(papers):,} of {len(papers_in):,} kept (eval-table {stats['eval_papers']:,}, "
          f"with code link {stats['linked_papers']:,}, arXiv title+abstract {stats['abstract_papers']:,}, "
          f"classic {stats['classic_papers']}, trimmed {stats['trimmed_linked_only']})")
    print(f"eval-row matching: {stats['row_matches']}")
    print(f"filled from arXiv: titles {stats['filled_titles']}, abstracts {stats['filled_abstracts']}, "
          f"authors {stats['filled_authors']}; link titles updated {relinked}")
    print(f"links: {len(links):,} of {len(links_in):,} kept")
    print(f"evaluation tables: {len(tables_in)} original + {len(taxonomy):,} taxonomy root records "
          f"({tx['tasks']:,} taxonomy tasks, {tx['roots']:,} roots, max depth {tx['max_depth']})")
    print("taxonomy per area (roots / tasks):")
    for a, v in tx["per_area"].items():
        print(f"  {a:30s} {v['roots']:>5,} / {v['tasks']:>5,}")
    print("classic examples:")
    for label, hits in classic_found.items():
        print(f"  {label:32s} {len(hits):>3} " + ("found" if hits else "NOT in the real data"))
    if problems:
        print("VERIFICATION FAILED:")
        for p in problems:
            print("  -", p)
        return 1
    print("verification: OK (gzip valid, key sets match the input formats, original task records unchanged, "
          "every link's paper_url is in the papers file)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
