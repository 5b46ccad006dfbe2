"""Why layers? The hope (edges, then pieces, then whole items, as sounds make syllables and syllables
words), marked as a hope; then what our trained network really learned, tested against its weights,
and a conclusion.

    manim render scenes/why_layers.py          # the default scene, WhyLayers

The hope is told for any lesson set. The test shows the real first-layer weights, how much of each
neuron's weight lies in one small patch, and the sample items that excite second-layer neurons most,
all from netcore; the verdicts and the conclusion are chosen from those numbers.
"""
from __future__ import annotations

import numpy as np
from manim import *  # noqa: F401,F403 - scene files use manim's star import, as its examples do

from lessonkit import LessonScene, WeightGrid, item_image
from lessonkit.formatting import format_activation, percent
from lessonkit.layout import fill_within, fit_within
from lessonkit.network import MAX_SHOWN
from lessonscript import Num

WINDOW_FRACTION = 1 / 4  # an edge detector keeps its weight in a patch this fraction of the image's side
LOCAL = 0.5  # share of weight in one patch above which a neuron counts as local
FAVOURITES = 3  # sample items shown per second-layer neuron
FOLLOWED = 4  # second-layer neurons followed
MARGIN = 0.35  # kept free at the frame's edges
TOP = 2.75  # content starts below this height (the heading above, the weight key in the corner)
BOTTOM = -config.frame_height / 2 + 1.2  # content ends above this height (a two-line caption below)


def window_for(shape: tuple[int, int]) -> tuple[int, int]:
    """The patch an edge detector would watch: a quarter of the image's side (7 x 7 on 28 x 28)."""
    return tuple(max(2, round(n * WINDOW_FRACTION)) for n in shape)


def locality(w: np.ndarray, shape: tuple[int, int]) -> float:
    """Share of a weight row's squared weight inside its densest window (``window_for``) patch."""
    energy = np.asarray(w, dtype=float).reshape(shape) ** 2
    (rows, cols), (wr, wc) = shape, window_for(shape)
    total = energy.sum()
    best = max(energy[r:r + wr, c:c + wc].sum() for r in range(rows - wr + 1) for c in range(cols - wc + 1))
    return float(best / total) if total else 0.0


def verdict(n_local: int, n: int) -> str:
    """The plain answer to 'do they look like edges?', from the count of local neurons: yes, partly or no."""
    if n_local >= 0.75 * n:
        return "yes"
    if n_local >= 0.25 * n:
        return "partly"
    return "no"


#: The spoken verdict for each answer.
VERDICT_LINES = {"yes": "why_layers.verdict-yes", "partly": "why_layers.verdict-partly", "no": "why_layers.verdict-no"}


class WhyLayers(LessonScene):
    """The question, the hope, then the honest look at hidden layers 1 and 2, the conclusion, and the next chapter."""

    def construct(self):
        self.ask_why_layers()
        self.the_hope()
        self.define_weight()
        self.first_layer_for_real()
        self.first_layer_verdict()
        if self.has_second_hidden_layer:
            self.second_layer_for_real()
        else:
            self.no_second_hidden_layer()
        self.hand_over()

    def setup(self):
        super().setup()
        net, s = self.lesson.net, self.lesson.samples
        self.hidden = net.n_layers - 1  # hidden layers
        self.has_second_hidden_layer = net.n_layers >= 3
        self.local_share = [locality(w, self.lesson.shape) for w in net.weights[0]]
        self.n_local = sum(share > LOCAL for share in self.local_share)
        self.shown = list(range(min(net.sizes[1], MAX_SHOWN)))
        self.key = self.weight_key()
        self.heading = VGroup()
        if self.has_second_hidden_layer:
            acts = net.forward(s.inputs).a(2)  # (n_samples, size of hidden layer 2)
            self.layer2_neurons = [int(k) for k in np.argsort(-acts.std(axis=0), kind="stable")[:FOLLOWED]]
            self.layer2_top = {k: [int(i) for i in np.argsort(-acts[:, k], kind="stable")[:FAVOURITES]]
                               for k in self.layer2_neurons}
            self.layer2_acts = acts

    # --- the question and the hope ------------------------------------------------------

    def ask_why_layers(self):
        self.say(self.t("why_layers.question"))
        self.play(FadeIn(self.new_heading(self.t("why_layers.question-title"))), run_time=0.8)
        self.describe(self.t("why_layers.question-described"))

    def the_hope(self):
        """Sounds make syllables make words; edges might make pieces make whole items. A hope, said so."""
        plural = self.topic.plural
        speech = self.ladder([self.t("why_layers.ladder-sounds"), self.t("why_layers.ladder-syllables"),
                              self.t("why_layers.ladder-words")])
        sight = self.ladder([self.t("why_layers.ladder-edges"), self.t("why_layers.ladder-pieces"),
                             self.t("why_layers.ladder-whole", plural=plural)])
        VGroup(speech, sight).arrange(DOWN, buff=1.7)
        widest = max(w.width for row in (speech, sight) for w in row.words)
        step = max(widest + 1.4, min(4.6, config.frame_width / 2 - MARGIN - widest / 2))
        for row in (speech, sight):  # the rows' words line up, one column per step
            for word, x in zip(row.words, (-step, 0, step)):
                word.set_x(x)
            row.place_arrows()
        self.ladders = VGroup(speech, sight)
        fit_within(self.ladders, config.frame_width - 2 * MARGIN)
        self.ladders.move_to(UP * 0.25)  # with the layer tags under it, centred between heading and caption
        self.say(self.t("why_layers.hope-speech"))
        self.swap_heading(self.t("why_layers.hope-title"))
        self.play(LaggedStart(*[FadeIn(m) for m in speech.in_order()], lag_ratio=0.5), run_time=3)
        self.say(self.t("why_layers.hope-sight", plural=plural))
        self.play(LaggedStart(*[FadeIn(m) for m in sight.in_order()], lag_ratio=0.5), run_time=3)
        self.describe(self.t("why_layers.hope-described", plural=plural))
        if self.has_second_hidden_layer:
            layers = self.lesson.layers
            middle = (layers[2].short if self.hidden == 2 else
                      self.t("why_layers.later-hidden", first=2, last=self.hidden))
            tags = VGroup(*[self.text(words, self.theme.small_font_size, self.theme.highlight)
                            .next_to(word, DOWN, 0.25)
                            for words, word in zip((layers[1].short, middle, layers[-1].short), sight.words)])
            self.say(self.t("why_layers.hope-layers", hidden=self.hidden, plural=plural))
            self.play(LaggedStart(*[FadeIn(tag, shift=0.1 * UP) for tag in tags], lag_ratio=0.5), run_time=2)
            self.ladders.add(tags)
            self.describe(self.t("why_layers.hope-layers-described"))
        else:
            self.say(self.t("why_layers.hope-one-hidden", plural=plural))
        self.say(self.t("why_layers.hope-caveat"))
        self.play(self.heading.animate(rate_func=there_and_back).set_color(self.theme.highlight), run_time=1.2)

    # --- the test: what the trained network really learned ------------------------------

    def define_weight(self):
        """The test begins: the hope leaves, and one neuron's weights are laid out like the image."""
        self.say(self.t("why_layers.test"))
        self.swap_heading(self.t("why_layers.test-title", trained="yes" if self.lesson.trained else "no"))
        self.hope = self.ladders.copy()  # the rows come back for the conclusion
        self.play(self.ladders.animate(rate_func=there_and_back).set_color(self.theme.highlight), run_time=1.2)
        k = max(self.shown, key=lambda j: self.local_share[j])  # the most local of them, to start with
        self.first_k = k
        self.big = WeightGrid(self.lesson.net.weights[0][k].reshape(self.lesson.shape), self.theme, height=4.4,
                              width=6.4).move_to(UP * 0.2)
        self.big_label = self.text(self.t("why_layers.grid-label", weights=self.n_in, neuron=str(k)),
                                   self.theme.small_font_size, self.theme.dim_text)
        self.big_label.next_to(self.big, DOWN, 0.2)
        t = self.theme
        self.say(self.t("why_layers.weight-grid", pixels=self.n_in, positive=self.colour_name(t.positive_name),
                        negative=self.colour_name(t.negative_name)))
        self.play(Succession(FadeOut(self.ladders, run_time=0.5),  # out, then in: never across each other
                             AnimationGroup(FadeIn(self.big), FadeIn(self.big_label), FadeIn(self.key), run_time=0.8)),
                  run_time=1.3)
        self.describe(self.t("why_layers.weight-grid-described", neuron=str(k), rows=self.rows, cols=self.cols))

    def first_layer_for_real(self):
        """Every (or the first 16) first-layer neurons' weights, then how much of each lies in one patch."""
        net = self.lesson.net
        n, shown = net.sizes[1], self.shown
        legend = self.text(self.t("why_layers.share-legend", rows=window_for(self.lesson.shape)[0],
                                  cols=window_for(self.lesson.shape)[1]),
                           self.theme.small_font_size, self.theme.text, max_width=config.frame_width - 2 * MARGIN)
        self.local_sentence = self.text(self.t("why_layers.first-local", local=self.n_local, neurons=n),
                                        self.theme.small_font_size + 2, max_width=config.frame_width - 2 * MARGIN)
        self.share_labels = [self.text(percent(self.local_share[k], 0), self.theme.min_font_size,
                                       self.theme.highlight if self.local_share[k] > LOCAL else self.theme.dim_text)
                             for k in shown]
        # The grids as large as the frame allows, sized before they are placed: nothing is scaled after,
        # so the percentages keep their size.
        rows = 2 if len(shown) > 4 else 1
        per_row = -(-len(shown) // rows)
        label_h = max(label.height for label in self.share_labels) + 0.08
        room = TOP - BOTTOM - legend.height - 0.3 - self.local_sentence.height - 0.35
        height = min(2.2, (room - 0.3 * (rows - 1)) / rows - label_h)
        width = min(2.2, (config.frame_width - 2 * MARGIN - (per_row - 1) * 0.2) / per_row)
        cells = Group()
        grids = {}
        for k, label in zip(shown, self.share_labels):
            img = WeightGrid(net.weights[0][k].reshape(self.lesson.shape), self.theme, height=height, width=width)
            grids[k] = img
            cells.add(Group(img, label.next_to(img, DOWN, 0.08)))
        cells.arrange_in_grid(rows=rows, buff=(0.2, 0.3))
        block = Group(legend, cells, self.local_sentence)
        legend.next_to(cells, UP, 0.3)
        self.local_sentence.next_to(cells, DOWN, 0.35)
        block.move_to([0, (TOP + BOTTOM) / 2, 0])  # the legend under the key, the verdict above the caption
        self.cells, self.legend = cells, legend
        trained = "yes" if self.lesson.trained else "no"
        if len(shown) == n:
            self.say(self.t("why_layers.first-intro-every", neurons=n, trained=trained))
        else:
            self.say(self.t("why_layers.first-intro-some", shown=len(shown), neurons=n, trained=trained))
        big_target = grids[self.first_k]
        self.play(self.big.animate.replace(big_target), FadeOut(self.big_label),
                  LaggedStart(*[FadeIn(grids[k]) for k in shown if k != self.first_k], lag_ratio=0.08), run_time=2)
        self.remove(self.big)
        self.add(grids[self.first_k])
        self.describe(self.t("why_layers.first-described", grids=len(shown)))
        wr, wc = window_for(self.lesson.shape)
        self.say(self.t("why_layers.first-patch", rows=wr, cols=wc))
        self.play(FadeIn(legend), LaggedStart(*[FadeIn(label) for label in self.share_labels], lag_ratio=0.05),
                  run_time=1.5)
        shares = self.t("why_layers.list-comma").join(percent(self.local_share[k], 0) for k in shown)
        self.describe(self.t("why_layers.first-shares-described", rows=wr, cols=wc, shares=shares))

    def first_layer_verdict(self):
        n = self.lesson.net.sizes[1]
        self.verdict = verdict(self.n_local, n)
        self.say(self.t(VERDICT_LINES[self.verdict], local=self.n_local, neurons=n, noun=self.topic.noun))
        self.play(FadeIn(self.local_sentence), run_time=0.8)
        self.first_layer = Group(self.cells, self.legend, self.local_sentence)
        self.on_screen = Group(self.first_layer, self.key)

    def no_second_hidden_layer(self):
        self.say(self.t("why_layers.single-hidden"))
        self.wait(0.5)

    def second_layer_for_real(self):
        s = self.lesson.samples
        rows = Group()
        self.top_labels = {}
        for k in self.layer2_neurons:
            name = self.text(self.t("why_layers.neuron", neuron=str(k)), self.theme.small_font_size)
            cells = Group()
            for i in self.layer2_top[k]:
                img = item_image(self.lesson.sample_item(i).image, self.theme, height=1.3, width=1.5)
                label = self.text(format_activation(self.layer2_acts[i, k]), self.theme.min_font_size,
                                  self.theme.dim_text)
                self.top_labels[(k, i)] = label
                cells.add(Group(img, label.next_to(img, DOWN, 0.05)))
            cells.arrange(RIGHT, buff=0.2)
            rows.add(Group(name, cells).arrange(DOWN, buff=0.15))  # the name above: room for longer words
        rows.arrange_in_grid(rows=2, cols=2, buff=(1.0, 0.4))
        self.say(self.t("why_layers.second-intro", noun=self.topic.noun))
        self.swap_heading(self.t("why_layers.second-title", neurons=len(self.layer2_neurons)),
                          FadeOut(self.first_layer), FadeOut(self.key))
        legend = self.text(self.t("why_layers.activation-legend", noun=self.topic.noun), self.theme.small_font_size)
        legend.next_to(self.heading, DOWN, 0.25).set_x(0)
        top, bottom = legend.get_bottom()[1] - 0.3, BOTTOM  # above two-line captions
        fill_within(rows, config.frame_width - 2 * MARGIN, top - bottom, most=1.35).move_to([0, (top + bottom) / 2, 0])
        self.play(FadeIn(legend), LaggedStart(*[FadeIn(r) for r in rows], lag_ratio=0.2), run_time=2)
        self.on_screen = Group(legend, rows)
        self.say(self.t("why_layers.second-favourites", followed=len(self.layer2_neurons), favourites=FAVOURITES,
                        plural=self.topic.plural, noun=self.topic.noun))
        self.play(*[label.animate(rate_func=there_and_back).set_color(self.theme.highlight)
                    for label in self.top_labels.values()], run_time=1.5)
        self.describe(self.t("kit.separator").join(self.favourites_in_words(k) for k in self.layer2_neurons))
        is_mixed = [len({int(s.labels[i]) for i in self.layer2_top[k]}) > 1 for k in self.layer2_neurons]
        mixed = sum(is_mixed)
        self.mixed = mixed
        n = len(self.layer2_neurons)
        if mixed:
            self.say(self.t("why_layers.second-mixed", mixed=mixed, followed=n, all="yes" if mixed == n else "no",
                            plural=self.topic.plural))
            # The neurons the line counts, outlined: which ones it means is seen, not guessed.
            marks = VGroup(*[SurroundingRectangle(row, color=self.theme.highlight, buff=0.08, corner_radius=0.08)
                             for row, m in zip(rows, is_mixed) if m])
            self.play(Create(marks), run_time=0.8)
            self.on_screen.add(marks)
        else:
            self.say(self.t("why_layers.second-one-class", followed=n, plural=self.topic.plural))
        self.wait(0.5)

    def hand_over(self):
        """The conclusion, with the rows of the hope back on screen, and the next chapter."""
        self.say(self.t("why_layers.conclusion", first=self.verdict, trained="yes" if self.lesson.trained else "no",
                        second="yes" if self.has_second_hidden_layer else "no"))
        # One picture out, then the other in: faded across each other, the two would read as one muddle.
        self.swap_heading(self.t("why_layers.hope-title"),
                          Succession(FadeOut(self.on_screen, run_time=0.5), FadeIn(self.hope, run_time=0.7)))
        self.describe(self.t("why_layers.conclusion-described", plural=self.topic.plural))
        self.say(self.t("why_layers.hand-over"))
        self.wait(1)

    # --- helpers ----------------------------------------------------------------------

    def new_heading(self, words: str) -> Text:
        """The heading at the top left, clear of the weight key in the top right corner; it becomes
        self.heading."""
        room = self.key.get_left()[0] - 0.3 - (-config.frame_width / 2 + MARGIN)
        self.heading = self.text(words, self.theme.font_size, max_width=room).to_corner(UL, buff=MARGIN)
        return self.heading

    def swap_heading(self, words: str, *also: Animation) -> None:
        """The old heading out, then the new one in (never both at once: they would lie over each other),
        while ``also`` plays: the picture changes with its heading, and no frame is left empty between."""
        old = self.heading
        self.play(Succession(FadeOut(old, run_time=0.35), FadeIn(self.new_heading(words), run_time=0.45)), *also,
                  run_time=0.8 if not also else 1.0)

    def ladder(self, words: list[str]) -> VGroup:
        """Three steps in a row, joined by arrows: 'sounds -> syllables -> words'."""
        row = VGroup()
        row.words = [self.text(w, self.theme.font_size + 8) for w in words]
        row.arrows = [Arrow(LEFT * 0.5, RIGHT * 0.5, color=self.theme.dim_text, buff=0, stroke_width=5)
                      for _ in words[1:]]

        def place_arrows():
            for arrow, a, b in zip(row.arrows, row.words, row.words[1:]):
                arrow.put_start_and_end_on(a.get_right() + RIGHT * 0.2, b.get_left() + LEFT * 0.2)

        row.place_arrows = place_arrows
        row.in_order = lambda: [m for pair in zip(row.words, row.arrows + [None]) for m in pair if m is not None]
        row.add(*row.words, *row.arrows)
        row.arrange(RIGHT, buff=0.5)
        return row

    def favourites_in_words(self, k: int) -> str:
        """Second-layer neuron ``k``'s favourite sample items and its activation for each, for a description."""
        s = self.lesson.samples
        items = self.t("why_layers.list-comma").join(
            self.t("why_layers.second-described-item", name=self.lesson.class_name(s.labels[i]),
                   activation=Num(float(self.layer2_acts[i, k]), 3))
            for i in self.layer2_top[k])
        return self.t("why_layers.second-described-neuron", neuron=str(k), items=items)
