package dev.imageingest.bench.endpoints;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority and one server certificate (ECDSA P-256, like most CDNs) whose
 * subject alternative names are the bench host names, {@code localhost} and {@code 127.0.0.1}.
 * Generated at every start; the job trusts the CA through a PKCS12 trust store file.
 */
public final class BenchTls {
    private final X509Certificate ca;
    private final X509Certificate server;
    private final KeyPair serverKeys;

    private BenchTls(X509Certificate ca, X509Certificate server, KeyPair serverKeys) {
        this.ca = ca;
        this.server = server;
        this.serverKeys = serverKeys;
    }

    public static BenchTls generate(List<String> hostNames) {
        try {
            KeyPair caKeys = ecKeys();
            X500Name caName = new X500Name("CN=flink-image-ingest bench CA");
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date to = Date.from(now.plus(Duration.ofDays(7)));
            JcaX509v3CertificateBuilder caCert =
                    new JcaX509v3CertificateBuilder(
                            caName, BigInteger.ONE, from, to, caName, caKeys.getPublic());
            caCert.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            caCert.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate ca = sign(caCert, caKeys);

            KeyPair serverKeys = ecKeys();
            List<GeneralName> names = new ArrayList<>();
            for (String h : hostNames) {
                names.add(new GeneralName(GeneralName.dNSName, h));
            }
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            JcaX509v3CertificateBuilder serverCert =
                    new JcaX509v3CertificateBuilder(
                            caName,
                            BigInteger.valueOf(now.toEpochMilli()),
                            from,
                            to,
                            new X500Name("CN=" + hostNames.get(0)),
                            serverKeys.getPublic());
            serverCert.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            serverCert.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            serverCert.addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            serverCert.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            return new BenchTls(ca, sign(serverCert, caKeys), serverKeys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the bench certificates", e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer)
            throws Exception {
        ContentSigner signer =
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    /** Netty server context (JDK TLS provider, as nothing native is on the classpath). */
    SslContext serverContext() {
        try {
            return SslContextBuilder.forServer(serverKeys.getPrivate(), server, ca)
                    .sslProvider(SslProvider.JDK)
                    .build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 key store holding only the CA, as a trusted certificate entry. */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("bench-ca", ca);
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void writeTrustStore(Path file, String password) {
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore().store(out, password.toCharArray());
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /** A client context trusting only the bench CA (tests, load client). */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate serverCertificate() {
        return server;
    }
}
