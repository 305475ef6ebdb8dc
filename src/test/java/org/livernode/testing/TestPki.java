package org.livernode.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away certificate authority made with the openssl command line: a CA, a server certificate for
 * 127.0.0.1 and localhost, and client certificates, as PEM files for DCMTK and as PKCS #12 stores for Java.
 * Keys are ECDSA P-256, as BCP 195 suites expect.
 */
public final class TestPki {
    public static final String PASSWORD = "changeit";

    private final Path dir;
    private final String openssl = ExternalProgram.require("openssl", "openssl");

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** A new CA (its own name as given) with a server certificate; both under {@code dir}. */
    public static TestPki create(Path dir, String caName) throws IOException {
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir);
        pki.key("ca");
        pki.openssl("req", "-x509", "-new", "-key", pki.pem("ca-key"), "-out", pki.pem("ca"), "-days", "2", "-subj", "/CN=" + caName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        pki.issue("server", "/CN=livernode test server", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth");
        return pki;
    }

    /** Issues a client certificate named {@code name} (PEM key and certificate beside the CA's); returns this CA. */
    public TestPki issueClient(String name) throws IOException {
        issue(name, "/CN=" + name, "extendedKeyUsage=clientAuth");
        return this;
    }

    private void issue(String name, String subject, String extensions) throws IOException {
        key(name);
        Path ext = Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
        openssl("req", "-new", "-key", pem(name + "-key"), "-out", dir.resolve(name + ".csr").toString(), "-subj", subject);
        openssl("x509", "-req", "-in", dir.resolve(name + ".csr").toString(), "-CA", pem("ca"), "-CAkey", pem("ca-key"),
                "-CAcreateserial", "-out", pem(name), "-days", "2", "-extfile", ext.toString());
    }

    private void key(String name) {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", pem(name + "-key"));
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of(openssl));
        command.addAll(List.of(args));
        ExternalProgram.Result result = ExternalProgram.run(command, 30);
        if (!result.succeeded()) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed:\n" + result.output());
        }
    }

    private String pem(String name) {
        return dir.resolve(name + ".pem").toString();
    }

    public Path certificate(String name) {
        return dir.resolve(name + ".pem");
    }

    public Path privateKey(String name) {
        return dir.resolve(name + "-key.pem");
    }

    /** The server's key and certificate chain (with the CA) as PKCS #12, password {@link #PASSWORD}. */
    public Path serverKeyStore() {
        Path store = dir.resolve("server.p12");
        if (!Files.exists(store)) {
            openssl("pkcs12", "-export", "-inkey", pem("server-key"), "-in", pem("server"), "-certfile", pem("ca"), "-name", "server",
                    "-out", store.toString(), "-passout", "pass:" + PASSWORD);
        }
        return store;
    }

    /** A client's key and certificate chain (see {@link #issueClient}) as PKCS #12, password {@link #PASSWORD}. */
    public Path clientKeyStore(String name) {
        Path store = dir.resolve(name + ".p12");
        if (!Files.exists(store)) {
            openssl("pkcs12", "-export", "-inkey", pem(name + "-key"), "-in", pem(name), "-certfile", pem("ca"), "-name", name,
                    "-out", store.toString(), "-passout", "pass:" + PASSWORD);
        }
        return store;
    }

    /** The CA certificate as a Java trust store (PKCS #12), password {@link #PASSWORD}. */
    public Path trustStore() throws Exception {
        Path store = dir.resolve("trust.p12");
        if (!Files.exists(store)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(certificate("ca"))) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            try (OutputStream out = Files.newOutputStream(store)) {
                trust.store(out, PASSWORD.toCharArray());
            }
        }
        return store;
    }
}
