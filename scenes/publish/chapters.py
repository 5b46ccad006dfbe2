"""The lesson's chapters in order: which scene file, which scene, what title."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    name: str  # the scene file's stem, also the short name on the command line
    scene: str  # the default scene class in that file
    title: str


LESSON = (
    Chapter("intro", "OneClassManyImages", "One class, many images"),
    Chapter("neurons", "PixelsAreNeurons", "A neuron holds a number"),
    Chapter("layers", "ForwardPass", "Layers: an item through the network"),
    Chapter("why_layers", "WhyLayers", "Why layers? Hope and reality"),
    Chapter("weights", "OneNeuron", "Weights, weighted sum, activation and bias"),
    Chapter("counting", "CountingParameters", "Counting the parameters"),
    Chapter("learning", "ReplayTraining", "What learning means"),
    Chapter("notation", "MatrixForm", "The matrix form"),
    Chapter("recap", "NetworkAsFunction", "The network is a function"),
    Chapter("relu", "SigmoidVsReLU", "Sigmoid or ReLU?"),
)
