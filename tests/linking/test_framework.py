"""Which framework a repository's code is written for: the rules on real excerpts.

Snippets (and where each was copied from) live in fixtures/framework_official_kinds_snippets.py.
"""

from opensota.linking.framework import FRAMEWORKS, FrameworkGuess, detect_framework
from opensota.linking.records import RepoRecord
from tests.linking.fixtures import framework_official_kinds_snippets as s


def repo(**fields) -> RepoRecord:
    return RepoRecord(url="https://github.com/o/r", owner="o", name="r", **fields)


def test_framework_values_are_the_catalogs():
    # The catalog's Repository.FRAMEWORKS, in order; kept here without importing Django models.
    assert FRAMEWORKS == ("pytorch", "tf", "jax", "mxnet", "paddle", "caffe", "other", "none")


# --- dependency files first -----------------------------------------------------------------

def test_torch_in_requirements():
    guess = detect_framework(repo(dependency_files={"requirements.txt": s.HOITRANSFORMER_REQUIREMENTS}))
    assert guess == FrameworkGuess("pytorch", "torch in requirements.txt")


def test_conda_environment_pytorch():
    guess = detect_framework(repo(dependency_files={"environment.yml": s.BATHY_ENVIRONMENT}))
    assert guess.framework == "pytorch"
    assert guess.reason == "pytorch in environment.yml"


def test_mxnet_cuda_build_in_requirements():
    guess = detect_framework(repo(dependency_files={"requirements.txt": s.DEFORMABLE_CONVNETS_REQUIREMENTS}))
    assert guess == FrameworkGuess("mxnet", "mxnet-cu80 in requirements.txt")


def test_dockerfile_pip_and_conda_lines():
    assert detect_framework(repo(dependency_files={"Dockerfile": s.BASELINES_DOCKERFILE})).framework == "tf"
    assert detect_framework(repo(dependency_files={"Dockerfile": s.MUNIT_DOCKERFILE})).framework == "pytorch"


def test_dockerfile_base_image():
    # A base image alone names the framework (FROM pytorch/pytorch:..., FROM tensorflow/tensorflow:...).
    guess = detect_framework(repo(dependency_files={"Dockerfile": "FROM pytorch/pytorch:1.7.1-cuda11.0-cudnn8-devel\n"}))
    assert guess == FrameworkGuess("pytorch", "pytorch base image in Dockerfile")


def test_dependency_files_outrank_imports_and_readme():
    # MUNIT declares pytorch in its Dockerfile; a README line naming Lua Torch does not change that.
    guess = detect_framework(repo(dependency_files={"Dockerfile": s.MUNIT_DOCKERFILE},
                                  readme=s.TORCH_NTM_README, imports=s.DECONVNET_IMPORTS))
    assert guess.framework == "pytorch"


def test_torch_and_tensorflow_declared_the_imports_decide():
    # LineTR pins tensorflow for a line detector; its own code imports torch only.
    guess = detect_framework(repo(dependency_files={"requirements.txt": s.LINETR_REQUIREMENTS},
                                  imports=s.LINETR_IMPORTS))
    assert guess == FrameworkGuess("pytorch", "torch in requirements.txt; the code imports torch most")
    # HRN imports both; torch is used on more lines.
    guess = detect_framework(repo(dependency_files={"requirements.txt": s.HRN_REQUIREMENTS}, imports=s.HRN_IMPORTS))
    assert guess.framework == "pytorch"


def test_tensorboard_alone_is_no_tensorflow():
    guess = detect_framework(repo(dependency_files={"requirements.txt": s.VMC_REQUIREMENTS_WITHOUT_TORCH},
                                  imports=s.VMC_IMPORTS))
    assert guess == FrameworkGuess("pytorch", "import torch in code")
    guess = detect_framework(repo(dependency_files={"requirements.txt": s.VMC_REQUIREMENTS}))
    assert guess == FrameworkGuess("pytorch", "torch in requirements.txt")


def test_weak_tensorflow_packages_and_haiku():
    # tensorflow_probability and tfds-nightly are weak; dm-haiku is JAX, and the code imports JAX most.
    guess = detect_framework(repo(dependency_files={"setup.py": s.UNCERTAINTY_BASELINES_SETUP},
                                  imports=s.UNCERTAINTY_BASELINES_IMPORTS))
    assert guess.framework == "jax"
    assert guess.reason.startswith("dm-haiku in setup.py")


def test_a_framework_inside_a_url_is_no_dependency():
    guess = detect_framework(repo(dependency_files={"requirements.txt": s.SIN_NERF2NERF_REQUIREMENTS}))
    assert guess.framework == "none"


def test_commented_out_dependencies_are_ignored():
    # slundberg/shap requirements.txt lists its optional frameworks commented out.
    text = "# For neural network examples\n# keras\n# tensorflow\n# torch\n# torchvision\n"
    assert detect_framework(repo(dependency_files={"requirements.txt": text})).framework == "none"


# --- imports next ---------------------------------------------------------------------------

def test_imports_name_the_framework():
    assert detect_framework(repo(imports=s.DEEPMIRGENE_IMPORTS)) == FrameworkGuess("tf", "import keras in code")
    assert detect_framework(repo(imports=s.MX_MASKRCNN_IMPORTS)).framework == "mxnet"
    assert detect_framework(repo(imports=s.DECONVNET_IMPORTS)).framework == "caffe"
    assert detect_framework(repo(imports=s.UNCERTAINTY_BASELINES_IMPORTS)).framework == "jax"


def test_frameworks_outside_the_list_are_other():
    assert detect_framework(repo(imports=s.MLSTM_IMPORTS)) == FrameworkGuess("other", "import chainer in code")
    assert detect_framework(repo(imports=s.BIST_PARSER_IMPORTS)) == FrameworkGuess("other", "import dynet in code")


def test_plain_numpy_code_is_none():
    guess = detect_framework(repo(imports=s.MABFDR_IMPORTS, extension_counts=s.MABFDR_EXTENSIONS))
    assert guess.framework == "none"


def test_lua_files_are_torch7():
    guess = detect_framework(repo(readme=s.TORCH_NTM_README, extension_counts=s.TORCH_NTM_EXTENSIONS))
    assert guess == FrameworkGuess("other", "Lua Torch7 code (18 .lua files)")


# --- README last ----------------------------------------------------------------------------

def test_readme_install_line_for_matconvnet_in_matlab_code():
    # LapSRN's few .py files import no framework, but most of its code is MATLAB on MatConvNet.
    guess = detect_framework(repo(readme=s.LAPSRN_README, imports=s.LAPSRN_IMPORTS,
                                  extension_counts=s.LAPSRN_EXTENSIONS))
    assert guess == FrameworkGuess("other", "README says the code is in MatConvNet")


def test_readme_install_line_for_fairseq():
    guess = detect_framework(repo(readme=s.MLCONVGEC_README, imports=s.MLCONVGEC_IMPORTS))
    assert guess == FrameworkGuess("pytorch", "README says the code is in Fairseq-py")


def test_readme_calls_it_a_torch_implementation():
    assert detect_framework(repo(readme=s.TORCH_NTM_README)).framework == "other"


def test_a_passing_mention_is_not_enough():
    # "boost.python (>= 1.55 for using with Caffe)": the code itself is C++ and numpy.
    guess = detect_framework(repo(readme=s.BING_README, imports=s.BING_IMPORTS, extension_counts=s.BING_EXTENSIONS))
    assert guess.framework == "none"
    assert detect_framework(repo(readme=s.BING_README)).framework == "none"


def test_plain_matlab_is_none():
    guess = detect_framework(repo(readme=s.CLOTHING_README, extension_counts=s.CLOTHING_EXTENSIONS))
    assert guess.framework == "none"


def test_nothing_at_all_is_none():
    assert detect_framework(repo()) == FrameworkGuess(
        "none", "no deep-learning framework in dependencies, code or README")
