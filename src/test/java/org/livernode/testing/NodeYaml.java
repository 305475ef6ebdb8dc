package org.livernode.testing;

import java.nio.file.Path;

/** What every integration test's node configuration begins with, in the YAML operators write. */
public final class NodeYaml {
    private NodeYaml() {}

    /**
     * The node and inference sections: AE title LIVERNODE on 127.0.0.1 and {@code port}, spooling to {@code spool},
     * segmenting with {@code model} on the CPU. A test's own sections follow.
     */
    public static String node(int port, Path spool, Path model) {
        return """
                node: { aeTitle: LIVERNODE, bindAddress: 127.0.0.1, port: %d, spoolDir: %s }
                inference: { model: %s, device: cpu }
                """.formatted(port, spool, model);
    }
}
