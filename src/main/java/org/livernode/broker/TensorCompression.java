package org.livernode.broker;

/**
 * How the float32 tensor of a request or reply travels; the receiver chooses ({@code broker.compression}) and a
 * worker answers in its request's. A chunk of the shipped model is 3.2 MB before compression.
 */
public enum TensorCompression {
    /**
     * As it is: for a fast network. Encoding and decoding a request and its reply take about 11 ms of CPU against 57 ms
     * deflated (development machine, BENCHMARKS.md), while a gigabit link moves a chunk in about 26 ms and a GPU
     * worker runs it in a few.
     */
    NONE,
    /** Deflated, a reply's bytes in planes: 2.5 times smaller on the real series; the default. */
    DEFLATE
}
