package dev.imageingest.fetch.tls;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
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
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made when a test (or the local stack) starts: server certificates for
 * chosen DNS names and IP addresses, valid or expired, plus self-signed ones, and a trust store
 * file holding the CA for the downloader's {@code fetch.tls.trust-store}. Nothing is checked in:
 * keys exist only in memory and temp files.
 */
public final class TestPki {
    public static final String PASSWORD = "changeit";

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKeys;
    private final X509Certificate caCert;

    public TestPki(String caName) {
        try {
            caKeys = newKeyPair();
            X500Name name = new X500Name("CN=" + caName);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b =
                    new JcaX509v3CertificateBuilder(
                            name,
                            serial(),
                            Date.from(now.minus(Duration.ofDays(1))),
                            Date.from(now.plus(Duration.ofDays(30))),
                            name,
                            caKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            caCert = sign(b, caKeys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate caCertificate() {
        return caCert;
    }

    /** A server identity signed by this CA, valid from yesterday for 30 days. */
    public Identity issue(List<String> dnsNames, List<String> ips) {
        Instant now = Instant.now();
        return issue(dnsNames, ips, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    /** A server identity signed by this CA with the given validity (e.g. expired). */
    public Identity issue(List<String> dnsNames, List<String> ips, Instant from, Instant to) {
        return leaf(dnsNames, ips, from, to, caKeys, caCert);
    }

    /** A self-signed server identity (its issuer is no trusted CA). */
    public static Identity selfSigned(List<String> dnsNames, List<String> ips) {
        Instant now = Instant.now();
        return leaf(
                dnsNames,
                ips,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)),
                null,
                null);
    }

    /** Writes a PKCS12 trust store with this CA, for {@code fetch.tls.trust-store}. */
    public Path writeTrustStore(Path file) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("test-ca", caCert);
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, PASSWORD.toCharArray());
            }
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client/JDK SSLContext trusting only this CA (for test clients). */
    public SSLContext clientContext() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("test-ca", caCert);
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Identity leaf(
            List<String> dnsNames,
            List<String> ips,
            Instant from,
            Instant to,
            KeyPair issuerKeys,
            X509Certificate issuerCert) {
        try {
            KeyPair keys = newKeyPair();
            String cn = dnsNames.isEmpty() ? ips.get(0) : dnsNames.get(0);
            X500Name subject = new X500Name("CN=" + cn);
            X500Name issuer =
                    issuerCert == null
                            ? subject
                            : X500Name.getInstance(
                                    issuerCert.getSubjectX500Principal().getEncoded());
            JcaX509v3CertificateBuilder b =
                    new JcaX509v3CertificateBuilder(
                            issuer,
                            serial(),
                            Date.from(from),
                            Date.from(to),
                            subject,
                            keys.getPublic());
            List<GeneralName> sans = new ArrayList<>();
            for (String d : dnsNames) {
                sans.add(new GeneralName(GeneralName.dNSName, d));
            }
            for (String ip : ips) {
                sans.add(new GeneralName(GeneralName.iPAddress, ip));
            }
            b.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(sans.toArray(new GeneralName[0])));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate cert = sign(b, issuerKeys == null ? keys : issuerKeys);
            Certificate[] chain =
                    issuerCert == null
                            ? new Certificate[] {cert}
                            : new Certificate[] {cert, issuerCert};
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", keys.getPrivate(), PASSWORD.toCharArray(), chain);
            return new Identity(ks, cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer)
            throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        b.build(
                                new JcaContentSignerBuilder("SHA256withECDSA")
                                        .build(signer.getPrivate())));
    }

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    /** A server's key and certificate chain. */
    public static final class Identity {
        private final KeyStore keyStore;
        private final X509Certificate certificate;

        Identity(KeyStore keyStore, X509Certificate certificate) {
            this.keyStore = keyStore;
            this.certificate = certificate;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        public KeyStore keyStore() {
            return keyStore;
        }

        /** A server SSLContext presenting this identity. */
        public SSLContext serverContext() {
            try {
                KeyManagerFactory kmf =
                        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore, PASSWORD.toCharArray());
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
                return ctx;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes the identity as a PKCS12 key store (password {@link #PASSWORD}). */
        public Path write(Path file) {
            try (OutputStream out = Files.newOutputStream(file)) {
                keyStore.store(out, PASSWORD.toCharArray());
                return file;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
