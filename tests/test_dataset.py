"""Dataset folders: what is read from them, and every check with its one-line message."""
import numpy as np
import pytest

from netcore import NetcoreError, dataset, mnist
from netcore.dataset import MNIST
from conftest import needs_mnist
from datasets import banded_dataset, shapes_dataset, write_idx_folder


def test_shapes_folder_is_described_by_its_files(tmp_path):
    folder = shapes_dataset(tmp_path / "shapes", rows=12, cols=10, names=["circle", "square", "cross"])
    data = dataset.load(folder)
    info = data.info
    assert info.title == "Drawn shapes" and (info.noun, info.plural) == ("shape", "shapes")
    assert info.classes == ("circle", "square", "cross") and info.image_shape == (12, 10)
    assert info.recipe == "fit" and info.n_pixels == 120
    assert data.train.images.shape == (300, 12, 10) and data.train.inputs.shape == (300, 120)
    assert data.train.inputs.max() <= 1.0 and set(data.test.labels.tolist()) == {0, 1, 2}
    assert set(data.fingerprint) == {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"}
    assert dataset.DatasetInfo.from_meta(info.to_meta(), "x") == info


def test_defaults_without_classes_or_description(tmp_path):
    folder = banded_dataset(tmp_path / "plain", 4, rows=6, cols=6)
    info = dataset.load(folder).info
    assert info.classes == ("0", "1", "2", "3") and info.title == "plain"
    assert (info.noun, info.plural, info.recipe, info.credit) == ("item", "items", "fit", "")


def test_raw_and_gzipped_files(tmp_path):
    rng = np.random.default_rng(0)
    split = (rng.integers(0, 255, (6, 5, 7)).astype(np.uint8), np.array([0, 1, 0, 1, 0, 1], np.uint8))
    write_idx_folder(tmp_path, split, split, gz=False)
    assert np.array_equal(dataset.load(tmp_path).test.images, split[0])


@needs_mnist
def test_a_folder_of_the_official_mnist_files_is_mnist(tmp_path):
    for name in mnist.FILES:
        (tmp_path / name).symlink_to(mnist.find(name[:-3]).resolve())
    data = dataset.load(tmp_path)
    assert data.info == MNIST and len(data.test) == 10_000
    assert data.test.labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert dataset.load().info == MNIST  # no folder: MNIST from the usual places


def bad(tmp_path, message, **changes):
    """Write a small valid folder, apply ``changes``, and expect one clear line naming ``message``."""
    rng = np.random.default_rng(1)
    shape = changes.pop("shape", (8, 8))
    labels = changes.pop("labels", np.arange(20) % 3)
    train = (rng.integers(0, 255, (20, *shape)).astype(np.uint8), np.asarray(labels, np.uint8))
    test = changes.pop("test", train)
    write_idx_folder(tmp_path, train, test, classes=changes.pop("classes", ["a", "b", "c"]),
                     toml=changes.pop("toml", None))
    for name, text in changes.items():
        (tmp_path / name).write_bytes(text)
    with pytest.raises(NetcoreError, match=message) as e:
        dataset.load(tmp_path)
    assert "\n" not in str(e.value)


def test_counts_that_differ(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 255, (5, 8, 8)).astype(np.uint8)
    write_idx_folder(tmp_path, (images, np.zeros(4, np.uint8)), (images, np.zeros(5, np.uint8)))
    with pytest.raises(NetcoreError, match="5 images but 4 labels"):
        dataset.load(tmp_path)


def test_label_outside_the_classes(tmp_path):
    bad(tmp_path, r"label 3 \(item 3\) is outside 0..2|labels run from 0 to 3", labels=np.arange(20) % 4)


def test_short_class_list(tmp_path):
    bad(tmp_path, "classes.txt names 2 classes, but the labels run from 0 to 2", classes=["a", "b"])


def test_long_class_list(tmp_path):
    bad(tmp_path, "names 4 classes", classes=["a", "b", "c", "d"])


def test_blank_and_repeated_class_names(tmp_path):
    bad(tmp_path / "blank", "line 2 is blank", classes=["a", "", "c"])
    bad(tmp_path / "twice", "'a' appears twice", classes=["a", "a", "c"])


def test_class_without_training_images(tmp_path):
    test = (np.zeros((3, 8, 8), np.uint8), np.array([0, 1, 2], np.uint8))
    bad(tmp_path, "'c' \\(label 2\\) has no training images", labels=np.arange(20) % 2, test=test)


def test_images_of_the_wrong_size(tmp_path):
    bad(tmp_path / "small", "images are 3x3; supported sizes are 4 to 64", shape=(3, 3))
    bad(tmp_path / "large", "images are 65x8", shape=(65, 8))
    other = (np.zeros((4, 9, 9), np.uint8), np.array([0, 1, 2, 0], np.uint8))
    bad(tmp_path / "mixed", "training images are 8x8 but test images are 9x9", test=other)


def test_colour_images_refused(tmp_path):
    rgb = (np.zeros((4, 8, 8, 3), np.uint8), np.array([0, 1, 2, 0], np.uint8))
    write_idx_folder(tmp_path, rgb, rgb)
    with pytest.raises(NetcoreError, match="grayscale"):
        dataset.load(tmp_path)


def test_class_counts_supported(tmp_path):
    bad(tmp_path / "one", "1 classes; supported are 2 to 100", labels=np.zeros(20), classes=["a"])
    banded_dataset(tmp_path / "many", 101, rows=8, cols=16, n_train=202, n_test=101)
    with pytest.raises(NetcoreError, match="101 classes"):
        dataset.load(tmp_path / "many")


@pytest.mark.parametrize("toml, message", [
    ('title = "x"\ncolour = "red"\n', "unknown setting"),
    ('recipe = "squash"\n', "recipe must be one of mnist, fit"),
    ('noun = 3\n', "noun must be a non-empty text"),
    ('title = "unclosed\n', "not valid TOML"),
])
def test_bad_description(tmp_path, toml, message):
    bad(tmp_path, message, toml=toml)


def test_missing_folder_and_files(tmp_path):
    with pytest.raises(NetcoreError, match="not found"):
        dataset.load(tmp_path / "nowhere")
    with pytest.raises(NetcoreError, match="train-images-idx3-ubyte not found"):
        dataset.load(tmp_path)


def test_legacy_description_of_a_network():
    assert dataset.DatasetInfo.for_network(784, 10) == MNIST
    other = dataset.DatasetInfo.for_network(64, 3)
    assert other.image_shape == (8, 8) and other.classes == ("0", "1", "2")



# --- the dataset's words in other languages ------------------------------------------------

def test_class_names_and_words_per_language_from_files_and_tables(tmp_path):
    toml = ('title = "Drawn shapes"\nnoun = "shape"\n\n[de]\ntitle = "Gezeichnete Formen"\nnoun = "Form"\n'
            'plural = "Formen"\n\n[fr]\nclasses = ["cercle", "carré", "croix"]\n')
    folder = shapes_dataset(tmp_path / "shapes", names=["circle", "square", "cross"], toml=toml)
    (folder / "classes.de.txt").write_text("Kreis\nQuadrat\nKreuz\n", encoding="utf-8")
    info = dataset.load(folder).info
    german, french = info.in_language("de"), info.in_language("fr")
    assert german.classes == ("Kreis", "Quadrat", "Kreuz") and german.title == "Gezeichnete Formen"
    assert (german.noun, german.plural) == ("Form", "Formen")
    assert french.classes == ("cercle", "carré", "croix") and french.noun == "shape"  # the rest falls back
    assert info.in_language("de-AT") == german  # a regional tag takes its language's words
    assert info.in_language("en") == info == info.in_language("pl")  # no words given: the base ones
    assert german.image_shape == info.image_shape and german.recipe == info.recipe
    assert dataset.DatasetInfo.from_meta(info.to_meta(), "x") == info  # kept in a weights file's metadata


def test_mnist_has_its_german_words_even_in_files_written_before_they_existed():
    assert MNIST.in_language("de").noun == "Ziffer" and MNIST.in_language("de").classes == MNIST.classes
    old = MNIST.to_meta()
    del old["translations"]  # metadata as written before
    assert dataset.DatasetInfo.from_meta(old, "x").in_language("de").plural == "Ziffern"


@pytest.mark.parametrize("files, toml, message", [
    ({"classes.de.txt": "Kreis\nQuadrat\n"}, "", r"classes\.de\.txt names 2 classes, but the labels run from 0 to 2"),
    ({"classes.de.txt": "Kreis\nKreis\nKreuz\n"}, "", "appears twice"),
    ({"classes.de.txt": "Kreis\nQuadrat\nKreuz\n"}, '[de]\nclasses = ["a", "b", "c"]\n', "both name the de classes"),
    ({"classes.german.txt": "Kreis\nQuadrat\nKreuz\n"}, "", "'german' is not a language tag"),
    ({}, '[de]\ncolour = "rot"\n', r"\[de\]: unknown setting\(s\) colour"),
    ({}, '[de]\nclasses = ["a", "b"]\n', r"\[de\] classes names 2 classes; the labels need 3"),
    ({}, '[de]\nnoun = ""\n', r"\[de\] noun must be a non-empty text"),
    ({}, '[German]\nnoun = "Form"\n', r"\[German\] is not a language tag"),
])
def test_bad_words_per_language_are_named(tmp_path, files, toml, message):
    folder = shapes_dataset(tmp_path / "shapes", names=["circle", "square", "cross"], n_train=30, n_test=9,
                            toml='noun = "shape"\n' + toml)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(NetcoreError, match=message):
        dataset.load(folder)
