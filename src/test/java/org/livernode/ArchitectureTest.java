package org.livernode;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;

/**
 * The package map of docs/design.md, checked on the node's classes (tests may use anything): which package may use
 * which, no cycle between packages, and one package alone at each outside library that a part of the node wraps.
 */
@AnalyzeClasses(packages = "org.livernode", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** A cycle would make two packages one: neither could be understood, tested or changed without the other. */
    @ArchTest
    static final ArchRule noCycleBetweenPackages = slices().matching("org.livernode.(*)..").should().beFreeOfCycles();

    /**
     * The layers, top to bottom: each uses only the layers below it (and its own). The command line and the node
     * (pipeline) wire everything; the configuration composes the settings types of the packages below it; operations
     * run beside the data's path. The data's path is layered as the data goes, each stage on top of the stages before
     * it, whose types it takes (the spool's files, then the series, the volume, the model's mask, its quality check, the
     * outputs, the routing decision); its two network ends, receive and export, use the stages. The base speaks DICOM and keeps
     * records and counts.
     */
    private static final List<List<String>> LAYERS = List.of(
            List.of("Command line", "cli"),
            List.of("Node", "pipeline"),
            List.of("Configuration", "config"),
            List.of("Operations", "http", "broker", "retention", "audit"),
            List.of("Network ends", "receive", "export"),
            List.of("Routing", "routing"),
            List.of("Output", "output"),
            List.of("Quality check", "qc"),
            List.of("Inference", "inference"),
            List.of("Volume", "volume"),
            List.of("Series", "series"),
            List.of("Spool", "spool"),
            List.of("Base", "dicom", "dimse", "net", "state", "metrics"));

    @ArchTest
    static final ArchRule layers = layeredArchitecture();

    private static ArchRule layeredArchitecture() {
        LayeredArchitecture architecture = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (List<String> layer : LAYERS) {
            architecture = architecture.layer(layer.get(0))
                    .definedBy(layer.subList(1, layer.size()).stream().map(name -> "org.livernode." + name + "..").toArray(String[]::new));
        }
        architecture = architecture.whereLayer(LAYERS.get(0).get(0)).mayNotBeAccessedByAnyLayer();
        for (int i = 1; i < LAYERS.size(); i++) {
            architecture = architecture.whereLayer(LAYERS.get(i).get(0))
                    .mayOnlyBeAccessedByLayers(LAYERS.subList(0, i).stream().map(above -> above.get(0)).toArray(String[]::new));
        }
        return architecture;
    }

    /**
     * The layers let the network ends use every stage; the storage SCP files instances into the spool and tells its
     * listener, and what comes next is the node's business, so that a C-STORE is answered without it.
     */
    @ArchTest
    static final ArchRule receiveUsesNoStageButTheSpool = noClasses().that().resideInAPackage("org.livernode.receive..")
            .should().dependOnClassesThat().resideInAnyPackage("org.livernode.series..", "org.livernode.volume..", "org.livernode.inference..",
                    "org.livernode.output..", "org.livernode.routing..", "org.livernode.export..");

    /** org.livernode.dicom is the one boundary to PixelMed: the rest of the node sees our types, never PixelMed's. */
    @ArchTest
    static final ArchRule onlyDicomUsesPixelMed = onlyUser("dicom", "com.pixelmed");

    /** The broker's protocol stays in org.livernode.broker; the rest of the node sees a ChunkModel. */
    @ArchTest
    static final ArchRule onlyBrokerUsesTheAmqpClient = onlyUser("broker", "com.rabbitmq");

    /** The JDK's HTTP server serves /health, /metrics and the console, all in org.livernode.http. */
    @ArchTest
    static final ArchRule onlyHttpUsesTheHttpServer = onlyUser("http", "com.sun.net.httpserver");

    /** The model runs in org.livernode.inference; the rest of the node sees masks and a ChunkModel. */
    @ArchTest
    static final ArchRule onlyInferenceUsesOnnxRuntime = onlyUser("inference", "ai.onnxruntime");

    /** Options and commands are the command line's: the node takes typed values from it. */
    @ArchTest
    static final ArchRule onlyTheCommandLineUsesPicocli = onlyUser("cli", "picocli");

    /** No class outside {@code org.livernode.<ourPackage>} uses the {@code library} package or those under it. */
    private static ArchRule onlyUser(String ourPackage, String library) {
        return noClasses().that().resideOutsideOfPackage("org.livernode." + ourPackage + "..").should().dependOnClassesThat()
                .resideInAPackage(library + "..");
    }
}
