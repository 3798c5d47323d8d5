package dev.imageingest.deploy;

import static dev.imageingest.deploy.TfModule.attribute;
import static dev.imageingest.deploy.TfModule.attributes;
import static dev.imageingest.deploy.TfModule.children;
import static dev.imageingest.deploy.TfModule.nested;
import static dev.imageingest.deploy.TfModule.path;

import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Function;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Operator;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.StringInterpolatedExpression;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.VariableTree;
import com.bertramlabs.plugins.hcl4j.symbols.HCLAttribute;
import com.bertramlabs.plugins.hcl4j.symbols.HCLBlock;
import com.bertramlabs.plugins.hcl4j.symbols.HCLValue;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import dev.imageingest.config.ConfigLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Managed Flink property groups of the module's application, flattened the way the job's {@link
 * ConfigLoader#fromPropertyGroups} flattens them, read from the HCL: map literals, {@code
 * merge(...)}, locals, and module variables (taken from the calling module block when there is one,
 * else from the variable's default).
 */
final class FlinkProperties {
    /**
     * Stands in for values only known after apply (queue URL, stream name, region); each key gets
     * its own (this plus the key), so two resources never look like the same one.
     */
    static final String UNRESOLVED = "https://unresolved.invalid/123456789012/placeholder";

    private FlinkProperties() {}

    /** Job key -> the map entry (attribute) that sets it. */
    static Map<String, HCLAttribute> of(TfModule module, TfModule.Block caller) {
        Map<String, HCLAttribute> keys = new LinkedHashMap<>();
        HCLBlock props =
                path(
                        TerraformModuleTest.app(),
                        "application_configuration",
                        "environment_properties");
        for (HCLBlock group : nested(props, "property_group")) {
            String id = TfModule.literal(attribute(group, "property_group_id"));
            if (id == null) {
                throw new AssertionError("property_group_id must be a literal");
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            collect(attribute(group, "property_map"), module, caller, entries);
            entries.forEach(
                    (k, e) ->
                            keys.put(
                                    ConfigLoader.MSF_GROUP.equals(id) ? k : id + "." + k,
                                    e.attribute));
        }
        return keys;
    }

    /** Job key -> value, resolved where the HCL allows it, else {@link #UNRESOLVED}. */
    static Map<String, String> values(TfModule module, TfModule.Block caller) {
        Map<String, String> values = new LinkedHashMap<>();
        HCLBlock props =
                path(
                        TerraformModuleTest.app(),
                        "application_configuration",
                        "environment_properties");
        for (HCLBlock group : nested(props, "property_group")) {
            String id = TfModule.literal(attribute(group, "property_group_id"));
            Map<String, Entry> entries = new LinkedHashMap<>();
            collect(attribute(group, "property_map"), module, caller, entries);
            entries.forEach(
                    (k, e) -> {
                        String v =
                                eval(
                                        e.attribute,
                                        e.inCaller ? TerraformModuleTest.example : module,
                                        e.inCaller ? null : caller);
                        values.put(
                                ConfigLoader.MSF_GROUP.equals(id) ? k : id + "." + k,
                                v == null ? UNRESOLVED + "-" + k.replace('.', '-') : v);
                    });
        }
        return values;
    }

    private record Entry(HCLAttribute attribute, boolean inCaller) {}

    private static void collect(
            Symbol expr, TfModule m, TfModule.Block caller, Map<String, Entry> out) {
        collect(expr, m, caller, out, false);
    }

    private static void collect(
            Symbol expr,
            TfModule m,
            TfModule.Block caller,
            Map<String, Entry> out,
            boolean inCaller) {
        if (expr instanceof HCLAttribute a) {
            List<Symbol> value = children(a);
            if (value.size() != 1) {
                throw new AssertionError(
                        "cannot read the keys of " + a.getName() + ": not a single expression");
            }
            collect(value.get(0), m, caller, out, inCaller);
        } else if (expr instanceof HCLBlock map) { // a map literal
            attributes(map).forEach(a -> out.put(a.getName(), new Entry(a, inCaller)));
        } else if (expr instanceof Function f && "merge".equals(f.getName())) {
            children(f).forEach(arg -> collect(arg, m, caller, out, inCaller));
        } else if (expr instanceof VariableTree v) {
            List<String> ref = TfModule.references(v).get(TfModule.references(v).size() - 1);
            if (ref.size() == 2 && ref.get(0).equals("local")) {
                collect(m.locals().get(ref.get(1)), m, caller, out, inCaller);
            } else if (ref.size() == 2 && ref.get(0).equals("var")) {
                HCLAttribute passed =
                        caller == null ? null : attribute(caller.symbol(), ref.get(1));
                if (passed != null) {
                    collect(passed, TerraformModuleTest.example, null, out, true);
                } else {
                    collect(
                            attribute(m.byAddress("variable").get(ref.get(1)).symbol(), "default"),
                            m,
                            caller,
                            out,
                            inCaller);
                }
            } else {
                throw new AssertionError("cannot read property keys from " + String.join(".", ref));
            }
        } else {
            throw new AssertionError("cannot read property keys from " + expr);
        }
    }

    /**
     * Evaluates literals, "${...}" templates, var.x (caller's argument or default) and local.x;
     * returns null for anything only known at apply time.
     */
    static String eval(Symbol s, TfModule m, TfModule.Block caller) {
        if (s == null) {
            return null;
        }
        if (s instanceof HCLAttribute a) {
            return children(a).size() == 1 ? eval(children(a).get(0), m, caller) : null;
        }
        if (s instanceof HCLValue v) {
            return "null".equals(v.type) || v.value == null ? null : v.value.toString();
        }
        if (s instanceof StringInterpolatedExpression) {
            StringBuilder sb = new StringBuilder();
            for (Symbol part : children(s)) {
                if (part instanceof Operator) {
                    continue;
                }
                String v = eval(part, m, caller);
                if (v == null) {
                    return null;
                }
                sb.append(v);
            }
            return sb.toString();
        }
        if (s instanceof VariableTree) {
            List<String> ref = TfModule.references(s).get(TfModule.references(s).size() - 1);
            if (ref.size() != 2) {
                return null;
            }
            if (ref.get(0).equals("local")) {
                return eval(m.locals().get(ref.get(1)), m, caller);
            }
            if (ref.get(0).equals("var")) {
                HCLAttribute passed =
                        caller == null ? null : attribute(caller.symbol(), ref.get(1));
                if (passed != null) {
                    return eval(passed, TerraformModuleTest.example, null);
                }
                TfModule.Block variable = m.byAddress("variable").get(ref.get(1));
                return variable == null
                        ? null
                        : eval(attribute(variable.symbol(), "default"), m, null);
            }
        }
        return null;
    }
}
