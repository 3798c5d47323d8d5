package dev.imageingest.fetch.tls;

import static dev.imageingest.fetch.tls.TlsOptions.FETCH_TLS_TRUST_STORE;
import static dev.imageingest.fetch.tls.TlsOptions.FETCH_TLS_TRUST_STORE_PASSWORD;
import static dev.imageingest.fetch.tls.TlsOptions.FETCH_TLS_TRUST_STORE_TYPE;

import dev.imageingest.settings.ConfigException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Which certificate authorities the downloader trusts: the JVM's default trust store, or a trust
 * store file ({@code fetch.tls.trust-store}) for private CAs, the local stack and tests. There is
 * deliberately no setting that turns certificate or host name verification off.
 */
public final class TlsSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String trustStore;
    private final String trustStorePassword;
    private final String trustStoreType;

    private TlsSettings(String trustStore, String trustStorePassword, String trustStoreType) {
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
        this.trustStoreType = trustStoreType;
    }

    /** The JVM's default trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore}). */
    public static TlsSettings jvmDefault() {
        return new TlsSettings("", "", "PKCS12");
    }

    /** A trust store file; loaded here once so a wrong path or password fails at start-up. */
    public static TlsSettings trustStore(Path file, String password, String type) {
        TlsSettings s = new TlsSettings(file.toString(), password, type);
        s.load();
        return s;
    }

    /** Reads the {@code fetch.tls.*} keys and loads the trust store, if one is set. */
    public static TlsSettings from(ReadableConfig c) {
        String path = c.get(FETCH_TLS_TRUST_STORE).trim();
        if (path.isEmpty()) {
            return jvmDefault();
        }
        TlsSettings s =
                new TlsSettings(
                        path,
                        c.get(FETCH_TLS_TRUST_STORE_PASSWORD),
                        c.get(FETCH_TLS_TRUST_STORE_TYPE));
        try {
            s.load();
        } catch (IllegalStateException e) {
            throw new ConfigException(FETCH_TLS_TRUST_STORE.key(), e.getMessage(), e);
        }
        return s;
    }

    /** True when the JVM's default trust store is used. */
    public boolean usesJvmDefault() {
        return trustStore.isEmpty();
    }

    /** The configured trust store, or null for the JVM's default. */
    public KeyStore load() {
        if (usesJvmDefault()) {
            return null;
        }
        Path file = Paths.get(trustStore);
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("trust store not readable: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(trustStoreType);
            ks.load(in, trustStorePassword.isEmpty() ? null : trustStorePassword.toCharArray());
            if (ks.size() == 0) {
                throw new IllegalStateException("trust store has no certificates: " + file);
            }
            return ks;
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot load " + trustStoreType + " trust store " + file + ": " + e, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TlsSettings)) {
            return false;
        }
        TlsSettings t = (TlsSettings) o;
        return trustStore.equals(t.trustStore)
                && trustStorePassword.equals(t.trustStorePassword)
                && trustStoreType.equals(t.trustStoreType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trustStore, trustStoreType);
    }

    @Override
    public String toString() {
        return usesJvmDefault() ? "JVM default trust store" : trustStoreType + " " + trustStore;
    }
}
