package dev.imageingest.fetch.tls;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Keys of the trust store https image hosts are verified against ({@code fetch.tls.*}). Read by
 * {@link TlsSettings#from}.
 *
 * <p>Declared next to the stage that reads them, so a stage's keys, defaults and descriptions
 * change with its code; {@code IngestOptions.all()} gathers this class with the others, to reject
 * unknown keys at start-up and to render the README configuration table.
 */
public final class TlsOptions {
    private TlsOptions() {}

    public static final ConfigOption<String> FETCH_TLS_TRUST_STORE =
            ConfigOptions.key("fetch.tls.trust-store")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Path of a trust store file (on every TaskManager) whose CAs https image"
                                    + " hosts are verified against, for private CAs and the local"
                                    + " stack; empty = the JVM's default trust store. Certificates"
                                    + " are always verified against the URL's host name: there is"
                                    + " no setting to turn verification off.");

    public static final ConfigOption<String> FETCH_TLS_TRUST_STORE_PASSWORD =
            ConfigOptions.key("fetch.tls.trust-store-password")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Password of fetch.tls.trust-store (empty: none; a trust store holds"
                                    + " only public certificates).");

    public static final ConfigOption<String> FETCH_TLS_TRUST_STORE_TYPE =
            ConfigOptions.key("fetch.tls.trust-store-type")
                    .stringType()
                    .defaultValue("PKCS12")
                    .withDescription("Type of fetch.tls.trust-store: PKCS12 or JKS.");
}
