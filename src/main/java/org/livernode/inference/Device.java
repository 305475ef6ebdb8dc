package org.livernode.inference;

/** Where the model runs ({@code inference.device}). */
public enum Device {
    /** CUDA when the GPU build finds it, else the CPU, said in one log line. */
    AUTO,
    CPU,
    /** CUDA or no start. */
    CUDA
}
