package dev.imageingest.deploy;

import static dev.imageingest.deploy.TfModule.attribute;
import static dev.imageingest.deploy.TfModule.literal;
import static dev.imageingest.deploy.TfModule.literalList;
import static dev.imageingest.deploy.TfModule.nested;
import static dev.imageingest.deploy.TfModule.targets;

import com.bertramlabs.plugins.hcl4j.symbols.HCLArray;
import com.bertramlabs.plugins.hcl4j.symbols.HCLAttribute;
import com.bertramlabs.plugins.hcl4j.symbols.HCLBlock;
import com.bertramlabs.plugins.hcl4j.symbols.HCLValue;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** IAM policy statements of {@code data "aws_iam_policy_document"} blocks, and role wiring. */
final class IamPolicies {
    private IamPolicies() {}

    /**
     * One statement: its actions (literal), the reference targets and literal strings of its
     * resources, and its condition keys.
     */
    record Statement(
            String document,
            String sid,
            String effect,
            List<String> actions,
            Set<String> resourceTargets,
            List<String> resourceLiterals,
            Set<String> conditionKeys,
            List<String> principals) {
        @Override
        public String toString() {
            return document + "/" + (sid == null ? "(no sid)" : sid);
        }
    }

    /** Statements of data.aws_iam_policy_document.{name}, dynamic statements included. */
    static List<Statement> statements(TfModule m, String name) {
        TfModule.Block doc = m.byAddress("data").get("aws_iam_policy_document." + name);
        if (doc == null) {
            throw new AssertionError("no data.aws_iam_policy_document." + name + " in " + m.dir);
        }
        for (String forbidden : List.of("source_policy_documents", "override_policy_documents")) {
            if (attribute(doc.symbol(), forbidden) != null) {
                throw new AssertionError(name + ": " + forbidden + " would bypass the IAM checks");
            }
        }
        List<Statement> list = new ArrayList<>();
        for (HCLBlock s : nested(doc.symbol(), "statement")) {
            for (String forbidden : List.of("not_actions", "not_resources", "not_principals")) {
                if (attribute(s, forbidden) != null) {
                    throw new AssertionError(name + ": " + forbidden + " is not allowed");
                }
            }
            String effect = literal(attribute(s, "effect"));
            HCLAttribute resources = attribute(s, "resources");
            Set<String> conditions = new TreeSet<>();
            nested(s, "condition").forEach(c -> conditions.add(literal(attribute(c, "variable"))));
            List<String> principals = new ArrayList<>();
            for (HCLBlock p : nested(s, "principals")) {
                HCLAttribute ids = attribute(p, "identifiers");
                principals.add(literal(attribute(p, "type")) + ":" + stringsOrTargets(ids));
            }
            list.add(
                    new Statement(
                            name,
                            literal(attribute(s, "sid")),
                            effect == null ? "Allow" : effect,
                            literalList(attribute(s, "actions")),
                            targets(resources),
                            literalStrings(resources),
                            conditions,
                            principals));
        }
        return list;
    }

    /** aws_iam_role name -> names of the policy documents attached to it inline. */
    static Map<String, List<String>> policiesByRole(TfModule m) {
        for (String kind : List.of("aws_iam_role_policy_attachment", "aws_iam_policy")) {
            m.blocks("resource").stream()
                    .filter(b -> b.labels().get(1).equals(kind))
                    .findAny()
                    .ifPresent(
                            b -> {
                                throw new AssertionError(
                                        b.address()
                                                + ": use inline aws_iam_role_policy documents,"
                                                + " which the IAM checks read");
                            });
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        m.blocks("resource").stream()
                .filter(b -> b.labels().get(1).equals("aws_iam_role"))
                .forEach(b -> map.put(b.labels().get(2), new ArrayList<>()));
        m.blocks("resource").stream()
                .filter(b -> b.labels().get(1).equals("aws_iam_role_policy"))
                .forEach(
                        b -> {
                            String role =
                                    single(targets(attribute(b.symbol(), "role")), "aws_iam_role.");
                            String doc =
                                    single(
                                            targets(attribute(b.symbol(), "policy")),
                                            "data.aws_iam_policy_document.");
                            map.get(role).add(doc);
                        });
        return map;
    }

    /** Name of the policy document used as a role's assume_role_policy. */
    static String trustDocument(TfModule m, String role) {
        TfModule.Block b = m.resource("aws_iam_role." + role);
        return single(
                targets(attribute(b.symbol(), "assume_role_policy")),
                "data.aws_iam_policy_document.");
    }

    /** The one target with a prefix, without the prefix. */
    static String single(Set<String> targets, String prefix) {
        List<String> matching = targets.stream().filter(t -> t.startsWith(prefix)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + prefix + "* reference, found " + targets);
        }
        return matching.get(0).substring(prefix.length());
    }

    private static List<String> literalStrings(Symbol s) {
        List<String> list = new ArrayList<>();
        if (s != null) {
            collectLiterals(s, list);
        }
        return list;
    }

    private static void collectLiterals(Symbol s, List<String> list) {
        if (s instanceof HCLValue v && "string".equals(v.type)) {
            list.add(v.value.toString());
            return;
        }
        if (s instanceof HCLArray || s instanceof HCLAttribute) {
            TfModule.children(s).forEach(c -> collectLiterals(c, list));
        }
    }

    private static String stringsOrTargets(HCLAttribute ids) {
        List<String> literals = literalStrings(ids);
        return literals.isEmpty() ? targets(ids).toString() : literals.toString();
    }
}
