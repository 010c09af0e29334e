"""Which papers a README implements: the rules on real README excerpts.

Each excerpt is a few lines of a real repository's README at the commit named (from the
linking gold set of ../shared/data/linking-gold); the catalog holds the real papers they
name plus the papers they cite, so the rules must tell the repository's own paper apart.
"""

from opensota.linking.detect import find_paper_links
from opensota.linking.index import PaperIndex
from opensota.linking.records import PaperRecord, RepoRecord

CATALOG = PaperIndex([
    PaperRecord("qeba", "QEBA: Query-Efficient Boundary-Based Blackbox Attack", arxiv_id="2005.14137"),
    PaperRecord("rdnet", "Are Minimal Radial Distortion Solvers Really Necessary for Relative Pose Estimation?",
                arxiv_id="2505.00866"),
    PaperRecord("prw", "Person Re-Identification in the Wild",
                urls=("http://openaccess.thecvf.com/content_cvpr_2017/html/"
                      "Zheng_Person_Re-Identification_in_CVPR_2017_paper.html",)),
    PaperRecord("enas", "Efficient Neural Architecture Search via Parameters Sharing",
                urls=("http://proceedings.mlr.press/v80/pham18a.html",)),
    PaperRecord("nas", "Neural Architecture Search with Reinforcement Learning", arxiv_id="1611.01578"),
    PaperRecord("rcooper", "A Real-world Large-scale Dataset for Roadside Cooperative Perception",
                arxiv_id="2403.10145"),
    PaperRecord("attfuse", "OPV2V: An Open Benchmark Dataset and Fusion Pipeline for Perception with "
                "Vehicle-to-Vehicle Communication", arxiv_id="2109.07644"),
    PaperRecord("fcooper", "F-Cooper: Feature based Cooperative Perception for Autonomous Vehicle Edge "
                "Computing System Using 3D Point Clouds", arxiv_id="1909.06459"),
    PaperRecord("munit", "Multimodal Unsupervised Image-to-image Translation", arxiv_id="1804.04732",
                text="Code and pretrained models are available at https://github.com/nvlabs/MUNIT"),
    PaperRecord("unit", "Unsupervised Image-to-Image Translation Networks", arxiv_id="1703.00848"),
    PaperRecord("dualcnn", "Learning Dual Convolutional Neural Networks for Low-Level Vision",
                urls=("http://openaccess.thecvf.com/content_cvpr_2018/papers/"
                      "Pan_Learning_Dual_Convolutional_CVPR_2018_paper.pdf",)),
    PaperRecord("deepimageprior", "Deep Image Prior", arxiv_id="1711.10925"),
    PaperRecord("openpose", "Realtime Multi-Person 2D Pose Estimation using Part Affinity Fields",
                arxiv_id="1611.08050"),
    PaperRecord("cpm", "Convolutional Pose Machines", arxiv_id="1602.00134"),
])


def links(readme: str, name: str = "repository", owner: str = "someone", threshold: float = 0.5):
    repo = RepoRecord(url=f"https://github.com/{owner}/{name}", owner=owner, name=name, readme=readme)
    return [link.paper_key for link in find_paper_links(repo, CATALOG) if link.confidence >= threshold]


def test_a_quoted_title_with_a_ligature_links_its_paper():
    # AI-secure/QEBA at ebd4ec4
    readme = ("# CVPR2020-QEBA\nThis is the code repository accompanying the paper: QEBA: Query-Efﬁcient "
              "Boundary-Based Blackbox Attack.\n\nIn this work, we propose the QEBA method")
    assert links(readme, name="QEBA") == ["qeba"]


def test_a_quoted_title_one_word_short_links_the_paper():
    # kocurvik/rdnet at 6738167: the quoted title drops "Really" (the arXiv link is an earlier
    # workshop version the catalog does not hold).
    readme = ('# Evaluation of radial distortion solvers\n\nThis repo contains code for paper "Are Minimal '
              'Radial Distortion Solvers Necessary for Relative Pose Estimation?" (under review in IJCV) which '
              'is an extension of our previous work at ECCVW with the same title (arxiv: '
              'http://arxiv.org/abs/2410.05984)\n\n## Installation\n')
    assert links(readme) == ["rdnet"]


def test_a_citation_in_the_first_lines_links_the_paper():
    # liangzheng06/PRW-baseline at 7dac8c6
    readme = ("We provide evaluation code of the PRW dataset in this repository. Please kindly cite the Arxiv "
              "paper if you use this dataset.\n\nLiang Zheng\\*, Hengheng Zhang\\*, Shaoyan Sun\\*, Manmohan "
              "Chandraker, Qi Tian, \"Person Re-identification in the Wild\", arXiv:1604.02531, 2016. (* equal "
              "contribution)\n\nThis code implements the baseline using DPM as detector and BoW+XQDA as "
              "recognizer.\n")
    assert links(readme) == ["prw"]


def test_a_term_linked_mid_sentence_is_background_not_the_paper():
    # carpedm20/ENAS-pytorch at 0468b8c
    readme = ("# Efficient Neural Architecture Search (ENAS) in PyTorch\n\nPyTorch implementation of "
              "[Efficient Neural Architecture Search via Parameters Sharing](https://arxiv.org/abs/1802.03268)."
              "\n\n**ENAS** reduce the computational requirement (GPU-hours) of [Neural Architecture Search]"
              "(https://arxiv.org/abs/1611.01578) (**NAS**) by 1000x via parameter sharing between models.\n")
    assert links(readme) == ["enas"]


def test_methods_compared_in_a_results_table_are_not_linked():
    # AIR-THU/DAIR-RCooper at 514a1d7 (abridged)
    readme = ("# RCooper\n\nThis is the official implementation of "
              "[RCooper: A Real-world Large-scale Dataset for Roadside Cooperative Perception]"
              "(https://arxiv.org/abs/2403.10145).\n\n## Benchmark\n\n| Method | AP | Download |\n|---|---|---|\n"
              "| Late Fusion | 44.5 | [url](https://drive.google.com/x) |\n"
              "| [AttFuse](https://arxiv.org/abs/2109.07644)    | 62.7 | [url](https://drive.google.com/y) |\n"
              "| [F-Cooper](https://arxiv.org/abs/1909.06459)   | 65.9 | [url](https://drive.google.com/z) |\n")
    assert links(readme) == ["rcooper"]


def test_only_the_first_bibtex_entry_is_the_repositorys_own():
    # The shape of NVlabs/MUNIT's citation section: MUNIT first, then "also cite" UNIT.
    readme = ("## MUNIT: Multimodal UNsupervised Image-to-image Translation\n\nSome text.\n\n## Citation\n\n"
              "```\n@inproceedings{huang2018munit,\n  title={Multimodal Unsupervised Image-to-image Translation},"
              "\n  author={Huang, Xun and Liu, Ming-Yu},\n  booktitle={ECCV},\n  year={2018}\n}\n"
              "@inproceedings{liu2017unit,\n  title={Unsupervised Image-to-Image Translation Networks},\n"
              "  author={Liu, Ming-Yu},\n  booktitle={NIPS},\n  year={2017}\n}\n```\n")
    assert links(readme, name="MUNIT", owner="NVlabs", threshold=0.7) == ["munit"]


def test_a_later_bibtex_entry_by_the_same_authors_is_proposed_not_accepted():
    # ZheC/Realtime_Multi-Person_Pose_Estimation@de8d698: the code of OpenPose, built on the
    # same group's Convolutional Pose Machines, asks to cite both.
    readme = ("# Realtime Multi-Person Pose Estimation\n\n## Citation\n"
              "Please cite the paper in your publications if it helps your research:\n\n"
              "    @inproceedings{cao2017realtime,\n"
              "      author = {Zhe Cao and Tomas Simon and Shih-En Wei and Yaser Sheikh},\n"
              "      booktitle = {CVPR},\n"
              "      title = {Realtime Multi-Person 2D Pose Estimation using Part Affinity Fields},\n"
              "      year = {2017}\n      }\n\n"
              "    @inproceedings{wei2016cpm,\n"
              "      author = {Shih-En Wei and Varun Ramakrishna and Takeo Kanade and Yaser Sheikh},\n"
              "      booktitle = {CVPR},\n      title = {Convolutional pose machines},\n      year = {2016}\n      }\n")
    assert links(readme) == ["openpose", "cpm"]
    assert links(readme, threshold=0.7) == ["openpose"]
    # By other authors, the same later entry is only "also cite".
    assert links(readme.replace("Shih-En Wei and Varun", "Varun").replace("Kanade and Yaser Sheikh", "Kanade")) \
        == ["openpose"]


def test_a_lone_reference_section_is_the_papers_own():
    # galad-loth/DualCNN-TF
    readme = ("# DualCNN-TF\nImplementation of the DualCNN model with Tensorflow(Tensorlayer).\n\n## Reference:\n"
              "Pan J, Liu S, Sun D, et al. Learning Dual Convolutional Neural Networks for Low-Level "
              "Vision[C]//Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition. 2018\n")
    assert links(readme) == ["dualcnn"]


def test_a_short_title_counts_only_as_a_heading():
    assert links("# Deep Image Prior\n\nCode for the paper.") == ["deepimageprior"]
    assert links("We sample a deep image prior from noise, see below.\n" * 3) == []


def test_a_repository_the_paper_links_to_is_linked_from_the_paper():
    [link] = [link for link in find_paper_links(
        RepoRecord(url="https://github.com/NVlabs/MUNIT", owner="NVlabs", name="MUNIT", readme=""), CATALOG)]
    assert link.paper_key == "munit" and link.mentioned_in_paper
    assert [e.reason for e in link.evidence] == ["linked from the paper"]


def test_evidence_is_reported_once_per_kind_and_detail():
    readme = "# QEBA\n[paper](https://arxiv.org/abs/2005.14137)\n\nSee arXiv:2005.14137. Again arXiv:2005.14137."
    [link] = find_paper_links(RepoRecord(url="https://github.com/a/b", owner="a", name="b", readme=readme), CATALOG)
    reasons = [(e.reason, e.detail) for e in link.evidence]
    assert len(reasons) == len(set(reasons))
    assert link.confidence >= 0.9


def test_an_empty_readme_links_nothing():
    assert links("") == []
