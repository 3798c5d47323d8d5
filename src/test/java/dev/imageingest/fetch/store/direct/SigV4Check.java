package dev.imageingest.fetch.store.direct;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies an {@code AWS4-HMAC-SHA256} Authorization header the way the service does, written from
 * the SigV4 specification (canonical request, string to sign, derived key), independently of the
 * SDK signer the client uses. Returns null when the signature matches, else what is wrong.
 */
final class SigV4Check {
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private SigV4Check() {}

    static String verify(
            String method,
            String uri,
            Map<String, String> headers,
            String secret,
            String region,
            String service)
            throws Exception {
        String auth = headers.get("authorization");
        if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 ")) {
            return "no SigV4 authorization";
        }
        String credential = part(auth, "Credential=");
        String signedHeaders = part(auth, "SignedHeaders=");
        String signature = part(auth, "Signature=");
        String[] scope = credential.split("/");
        String day = scope[1];
        if (!scope[2].equals(region) || !scope[3].equals(service)) {
            return "wrong scope " + credential;
        }
        for (String required :
                new String[] {
                    "host", "x-amz-date", "x-amz-content-sha256", "x-amz-checksum-sha256"
                }) {
            if (!(";" + signedHeaders + ";").contains(";" + required + ";")) {
                return required + " not signed";
            }
        }
        StringBuilder canonical = new StringBuilder();
        int q = uri.indexOf('?');
        canonical.append(method).append('\n');
        canonical.append(q < 0 ? uri : uri.substring(0, q)).append('\n');
        canonical.append(q < 0 ? "" : uri.substring(q + 1)).append('\n');
        for (String name : signedHeaders.split(";")) {
            String v = headers.get(name);
            if (v == null) {
                return "signed header missing: " + name;
            }
            canonical.append(name).append(':').append(v.trim().replaceAll(" +", " ")).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n');
        canonical.append(headers.get("x-amz-content-sha256"));
        String amzDate = headers.get("x-amz-date");
        String toSign =
                "AWS4-HMAC-SHA256\n"
                        + amzDate
                        + "\n"
                        + day
                        + "/"
                        + region
                        + "/"
                        + service
                        + "/aws4_request\n"
                        + hex(
                                MessageDigest.getInstance("SHA-256")
                                        .digest(
                                                canonical
                                                        .toString()
                                                        .getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, toSign));
        return expected.equals(signature) ? null : "signature differs";
    }

    private static String part(String auth, String name) {
        int i = auth.indexOf(name) + name.length();
        int end = auth.indexOf(',', i);
        return (end < 0 ? auth.substring(i) : auth.substring(i, end)).trim();
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
