"""Which deep-learning framework a repository's code is written for.

Evidence is read from the most to the least reliable, and the first level that names a
framework decides:

1. dependency files (requirements*.txt, setup.py, pyproject.toml, environment.yml,
   Dockerfile): what the authors declared they need;
2. the code itself: import lines, then telling files (`.lua` is Torch7, `.prototxt` is Caffe);
3. the README: badges, install lines, "implemented in PyTorch", "Torch7".

Within one level the strongest framework wins (distinct packages, import lines, mentions);
when the dependency files name several, the import lines choose between them, because a
`tensorflow` pin for TensorBoard next to `torch` says nothing about the model code.

Frameworks outside the catalog's list (Chainer, Theano, Lasagne, DyNet, Lua Torch7, CNTK,
MindSpore, MegEngine, OneFlow, Darknet, MatConvNet and MATLAB's Deep Learning Toolbox) are
"other": they are deep-learning frameworks, just not listed ones. "none" is code that uses
no deep-learning framework at all (numpy/scikit-learn, plain MATLAB, C++ without Caffe).
Caffe2 and the original Detectron count as "caffe", their closest listed relative.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

from opensota.linking.records import RepoRecord

# Same values, same order as opensota.catalog.models.Repository.FRAMEWORKS (kept free of Django).
FRAMEWORKS: tuple[str, ...] = ("pytorch", "tf", "jax", "mxnet", "paddle", "caffe", "other", "none")


@dataclass(frozen=True)
class FrameworkGuess:
    framework: str
    reason: str


STRONG, WEAK = 1.0, 0.25

# Package (distribution) names as written, lower-cased, in dependency files; checked in order
# with fullmatch. Weak ones (datasets, probability) are often installed beside another framework.
PACKAGES: tuple[tuple[re.Pattern[str], str, float], ...] = tuple(
    (re.compile(pattern), framework, weight)
    for pattern, framework, weight in (
        (r"tensorflow[-_]datasets|tfds[-_]nightly|tensorflow[-_]probability", "tf", WEAK),
        (r"tensorflow[\w.-]*|tf[-_]nightly[\w-]*|tf[-_]slim|tf[-_]models[-_]official|keras[\w-]*"
         r"|tensorlayer|tflearn|tensorpack|dm[-_]sonnet", "tf", STRONG),
        (r"torch[\w-]*|pytorch[\w-]*|lightning|timm|mmcv[\w-]*|mmdet\w*|detectron2", "pytorch", STRONG),
        (r"jax|jaxlib|flax|dm[-_]haiku|optax|objax|trax|chex", "jax", STRONG),
        (r"mxnet[\w-]*|gluoncv|gluonnlp|gluonts", "mxnet", STRONG),
        (r"paddle[\w-]*", "paddle", STRONG),
        (r"caffe2?|pycaffe", "caffe", STRONG),
        (r"chainer[\w-]*|theano[\w-]*|lasagne|dynet[\w-]*|cntk[\w-]*|mindspore[\w-]*|megengine"
         r"|oneflow[\w-]*|nnabla[\w-]*", "other", STRONG),
    )
)

# A token of the lower-cased file that may name one of the packages above. Written as a
# first-letter trie without a leading look-behind so the regex engine can scan quickly; the
# character before a hit is checked in Python (a hit inside a path or URL is no dependency).
PACKAGE_TOKEN = re.compile(
    r"(t(?:ensorflow[\w.-]*|fds[-_]nightly|f[-_][\w-]+|ensorlayer|flearn|ensorpack|orch[\w-]*"
    r"|imm|rax)|keras[\w-]*|dm[-_](?:sonnet|haiku)|pytorch[\w-]*|p(?:addle[\w-]*|ycaffe)"
    r"|lightning|m(?:mcv[\w-]*|mdet\w*|xnet[\w-]*|indspore[\w-]*|egengine)|detectron2"
    r"|jax(?:lib)?|flax|o(?:ptax|bjax|neflow[\w-]*)|c(?:hex|affe2?|hainer[\w-]*|ntk[\w-]*)"
    r"|gluon\w+|theano[\w-]*|lasagne|dynet[\w-]*|nnabla[\w-]*)(?![\w-])"
)
NOT_A_PACKAGE_START = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_./-")
COMMENT = re.compile(r"#[^\n]*")
DOCKER_BASE_IMAGE = re.compile(
    r"(?m)^\s*from\s+\S*?\b(pytorch|tensorflow|paddlepaddle|paddle|mxnet|caffe)\b"
)
DOCKER_IMAGE_FRAMEWORK = {"pytorch": "pytorch", "tensorflow": "tf", "paddlepaddle": "paddle",
                          "paddle": "paddle", "mxnet": "mxnet", "caffe": "caffe"}
DEPENDENCY_FILE = re.compile(
    r"(?i)(?:^|/)(?:requirements[^/]*\.(?:txt|in)|setup\.py|setup\.cfg|pyproject\.toml"
    r"|environment[^/]*\.ya?ml|conda[^/]*\.ya?ml|pipfile|dockerfile[^/]*|[^/]*\.dockerfile)$"
)

# Top-level modules of import lines. tensorboard/tensorboardX and dgl are deliberately absent:
# they say nothing about which framework the model is written in.
MODULES: tuple[tuple[re.Pattern[str], str, float], ...] = tuple(
    (re.compile(pattern), framework, weight)
    for pattern, framework, weight in (
        (r"tensorflow_datasets|tensorflow_probability", "tf", WEAK),
        (r"tensorflow\w*|keras\w*|tf_slim|tensorlayer|tflearn|tensorpack|sonnet", "tf", STRONG),
        (r"torch\w*|pytorch\w*|lightning|timm|mmcv|mmdet|mmseg|mmaction|detectron2|fairseq",
         "pytorch", STRONG),
        (r"jax|jaxlib|flax|haiku|optax|objax|trax|chex", "jax", STRONG),
        (r"mxnet|gluon\w*", "mxnet", STRONG),
        (r"paddle\w*|ppdet|ppocr", "paddle", STRONG),
        (r"caffe|caffe2|detectron", "caffe", STRONG),
        (r"chainer\w*|theano|lasagne|dynet|_dynet|cntk|mindspore|megengine|oneflow|nnabla",
         "other", STRONG),
    )
)

# README wording, matched on the lower-cased README. One flat alternation (no named groups:
# they defeat the regex engine's prefix scan and cost ~5x) whose match is looked up below.
# It must not follow a word character or "-"; that is checked in Python (`_readme_words`):
# a leading look-behind would stop the engine from skipping to the letters a match starts with.
README_WORD = re.compile(
    r"(py-?torch|torch ?7|torch(?:vision)?|lua ?torch|luarocks|fairseq(?:-py)?"
    r"|tensor-?flow|keras|jax|flax|mxnet|gluon(?:cv|nlp)?|paddle-?paddle|paddle(?:seg|nlp|detection)"
    r"|caffe2?|pycaffe|chainer|theano|lasagne|dynet|matconvnet|darknet|cntk|mindspore|megengine"
    r"|oneflow|marian(?=[- ](?:nmt|toolkit))|deep learning toolbox|neural network toolbox)(?![\w-])"
)
README_WORD_FRAMEWORK = {
    "pytorch": "pytorch", "py-torch": "pytorch", "torchvision": "pytorch", "fairseq": "pytorch",
    "fairseq-py": "pytorch", "tensorflow": "tf", "tensor-flow": "tf", "keras": "tf", "jax": "jax",
    "flax": "jax", "mxnet": "mxnet", "gluon": "mxnet", "gluoncv": "mxnet", "gluonnlp": "mxnet",
    "paddlepaddle": "paddle", "paddle-paddle": "paddle", "paddleseg": "paddle", "paddlenlp": "paddle",
    "paddledetection": "paddle", "caffe": "caffe", "caffe2": "caffe", "pycaffe": "caffe",
}  # everything else README_WORD matches is "other"; bare "torch" is decided by its case
# A version after "Torch"/"torch" ("torch 1.7", "torch>=1.0") means PyTorch's pip package.
TORCH_VERSION = re.compile(r"\s*(?:[<>=!~]=?|v?[0-2]\.\d)")
# Words around a mention that say the code *is* in that framework, rather than comparing to
# it or linking someone's port: "implemented in X", "X implementation", "install X", badges.
SAYS_BEFORE = re.compile(
    r"(?:(?:implemented|written|built|developed|based|runs?|coded)\s+(?:\w+\s+){0,2}?"
    r"(?:in|on|with|using|upon)|install|compile|build|requires?|relies\s+on|depends\s+on)"
    r"\s+(?:the\s+)?(?:lua\s+)?\[?$|badge/$"
)
SAYS_AFTER = re.compile(r"\]?\)?\s*(?:re-?)?(?:implementation|code|version|port|framework|toolkit)\b")
PYTHON_EXTENSIONS = frozenset({".py", ".ipynb", ".pyx"})
LUA_TORCH = re.compile(r"(?<!py)torch|\bth\s+\S+\.lua\b", re.I)
CODE_EXTENSIONS = PYTHON_EXTENSIONS | {".m", ".lua", ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp",
                                       ".cu", ".cuh", ".java", ".jl", ".r", ".scala", ".go", ".rs"}
# The package a reason names when several of one framework's packages are declared.
CANONICAL_PACKAGES = ("torch", "pytorch", "tensorflow", "tensorflow-gpu", "jax", "mxnet",
                      "paddlepaddle", "paddlepaddle-gpu", "caffe", "chainer", "theano")


def detect_framework(repo: RepoRecord) -> FrameworkGuess:
    """Guess the framework of `repo`'s code, with the evidence that decided it.

    Dependency files and imports are cheap to read; the README (a scan of ~25 ns a character)
    is read only when neither names a framework.
    """
    imports, modules = _import_strengths(repo.imports)
    guess = (_from_dependencies(repo, imports, modules) or _from_code(repo, imports, modules)
             or _from_readme(repo))
    return guess or FrameworkGuess("none", "no deep-learning framework in dependencies, code or README")


def _from_dependencies(repo: RepoRecord, imports: Counter,
                       modules: dict[str, str]) -> FrameworkGuess | None:
    strengths: Counter = Counter()
    found: dict[str, list[tuple[str, str]]] = {}  # framework -> (package, file), in reading order
    for path, text in repo.dependency_files.items():
        if not text or not DEPENDENCY_FILE.search(path):
            continue
        filename = path.rsplit("/", 1)[-1]
        text = COMMENT.sub("", text.lower())
        if filename.lower().startswith("dockerfile") or filename.lower().endswith(".dockerfile"):
            for image in DOCKER_BASE_IMAGE.findall(text):
                framework = DOCKER_IMAGE_FRAMEWORK[image]
                strengths[framework] += STRONG
                found.setdefault(framework, []).append((f"{image} base image", filename))
        packages = dict.fromkeys(
            match.group() for match in PACKAGE_TOKEN.finditer(text)
            if not match.start() or text[match.start() - 1] not in NOT_A_PACKAGE_START
        )
        for package in packages:
            hit = _classify(package, "packages")
            if hit is not None:
                strengths[hit[0]] += hit[1]
                found.setdefault(hit[0], []).append((package, filename))
    declared = {fw: s for fw, s in strengths.items() if s >= STRONG}
    if not declared:
        if not strengths or imports:
            return None  # weak packages alone (tensorflow-datasets...) yield to the code
        declared = dict(strengths)
    used = {fw: imports[fw] for fw in declared if imports[fw] > 0}
    if len(declared) > 1 and used:
        framework = _best(used)
        return FrameworkGuess(framework, f"{_where(found[framework])}; the code imports "
                                         f"{modules[framework]} most")
    framework = _best(declared)
    return FrameworkGuess(framework, _where(found[framework]))


def _from_code(repo: RepoRecord, imports: Counter, modules: dict[str, str]) -> FrameworkGuess | None:
    if imports:
        framework = _best(imports)
        return FrameworkGuess(framework, f"import {modules[framework]} in code")
    extensions = {ext.lower(): n for ext, n in repo.extension_counts.items()}
    lua = extensions.get(".lua", 0)
    if lua >= 3 or (lua and LUA_TORCH.search(repo.readme)):
        return FrameworkGuess("other", f"Lua Torch7 code ({lua} .lua files)")
    if extensions.get(".prototxt"):
        prototxt = extensions[".prototxt"]
        return FrameworkGuess("caffe", f"Caffe model definitions ({prototxt} .prototxt files)")
    return None


def _from_readme(repo: RepoRecord) -> FrameworkGuess | None:
    text = repo.readme
    lowered = text.lower()
    says: Counter = Counter()
    mentions: Counter = Counter()
    spelled: dict[str, str] = {}  # framework -> the README's own spelling, for the reason
    for match in _readme_words(lowered):
        start, end = match.span()
        framework = README_WORD_FRAMEWORK.get(match.group(), "other")
        if match.group() == "torch":
            # "Torch" is Lua Torch7; "torch", "torch>=1.4", "Torch 1.7" are PyTorch's package.
            versioned = TORCH_VERSION.match(lowered, end) is not None
            framework = "other" if text[start] == "T" and not versioned else "pytorch"
        mentions[framework] += 1
        spelled.setdefault(framework, text[start:end])
        if SAYS_BEFORE.search(lowered, max(0, start - 40), start) or SAYS_AFTER.match(lowered, end):
            says[framework] += 1
    if says:
        framework = _best(says)
        return FrameworkGuess(framework, f"README says the code is in {spelled[framework]}")
    if _python_is_main(repo):
        # Python code that imports no framework: a passing README mention (a comparison,
        # a link to someone's port) is not evidence about this code.
        return None
    framework = _best(mentions) if mentions else None
    if framework is None or mentions[framework] < 2:
        return None  # a single passing mention ("boost.python for use with Caffe") is not enough
    times = mentions[framework]
    return FrameworkGuess(framework, f"README mentions {spelled[framework]} ({times} times)")


def _readme_words(lowered: str):
    """README_WORD's matches that no word character or "-" precedes, as a look-behind would
    give them: after a refused one, the search goes on from its next character."""
    position = 0
    while match := README_WORD.search(lowered, position):
        start = match.start()
        if start and (lowered[start - 1].isalnum() or lowered[start - 1] in "_-"):
            position = start + 1
            continue
        yield match
        position = match.end()


def _python_is_main(repo: RepoRecord) -> bool:
    """Whether the code read is mostly Python (so its imports speak for the repository)."""
    if not repo.imports:
        return False
    code = python = 0
    for ext, count in repo.extension_counts.items():
        ext = ext.lower()
        if ext in CODE_EXTENSIONS:
            code += count
            python += count if ext in PYTHON_EXTENSIONS else 0
    return not code or python * 2 >= code


def _import_strengths(lines: Iterable[str]) -> tuple[Counter, dict[str, str]]:
    """Weighted import lines per framework, and the module named in reasons for each.

    Each distinct line is read once per process (the same few thousand lines, "import torch",
    "import numpy as np", recur in every repository): a dictionary look-up per line after that.
    """
    strengths: dict[str, float] = {}
    modules: dict[str, str] = {}
    read = _IMPORT_LINES
    for line in lines:
        hit = read.get(line, False)
        if hit is False:
            if len(read) > 200_000:
                read.clear()
            hit = read[line] = _import_line(line)
        if hit is not None:
            module, framework, weight = hit
            strengths[framework] = strengths.get(framework, 0) + weight
            if module in CANONICAL_PACKAGES or framework not in modules:
                modules[framework] = module
    return Counter(strengths), modules


def _import_line(line: str) -> tuple[str, str, float] | None:
    """(module, framework, weight) of an import line naming a framework's module, else None."""
    words = line.split(None, 2)
    if len(words) < 2 or words[0] not in ("import", "from"):
        return None
    module = words[1].split(".", 1)[0].rstrip(",;")
    hit = _classify(module, "modules")
    return None if hit is None else (module, *hit)


_IMPORT_LINES: dict[str, tuple[str, str, float] | None] = {}


def _where(found: list[tuple[str, str]]) -> str:
    """"torch in requirements.txt": the framework's own package (or base image) if declared."""
    package, filename = next(
        (f for f in found if f[0] in CANONICAL_PACKAGES or f[0].endswith("base image")), found[0])
    return f"{package} in {filename}"


@lru_cache(maxsize=65536)
def _classify(name: str, table: str) -> tuple[str, float] | None:
    """(framework, weight) of a package (table "packages") or module (table "modules") name.

    Cached: the same few hundred names (numpy, os, torch...) recur in every repository.
    """
    for pattern, framework, weight in PACKAGES if table == "packages" else MODULES:
        if pattern.fullmatch(name):
            return framework, weight
    return None


def _best(strengths: Mapping[str, float]) -> str:
    """The strongest framework; ties go to the earlier one in FRAMEWORKS."""
    return max(strengths, key=lambda fw: (strengths[fw], -FRAMEWORKS.index(fw)))
