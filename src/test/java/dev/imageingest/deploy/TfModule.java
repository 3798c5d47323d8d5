package dev.imageingest.deploy;

import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.VariableTree;
import com.bertramlabs.plugins.hcl4j.symbols.HCLArray;
import com.bertramlabs.plugins.hcl4j.symbols.HCLAttribute;
import com.bertramlabs.plugins.hcl4j.symbols.HCLBlock;
import com.bertramlabs.plugins.hcl4j.symbols.HCLValue;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Terraform directory (module or root) read with hcl4j, unevaluated.
 *
 * <p>hcl4j's public {@code HCLParser.parse} evaluates expressions and turns every reference it
 * cannot resolve ({@code var.x}, {@code aws_sqs_queue.main.arn}) into null, so references could not
 * be checked on its result. Its lexer's symbol tree keeps them ({@code VariableTree} nodes), so
 * this class runs the lexer (package-private in hcl4j 0.9.4, hence the reflection) and works on the
 * raw blocks, attributes and expressions.
 */
final class TfModule {
    private static final Pattern FOR_VARS =
            Pattern.compile("\\bfor\\s+([A-Za-z_]\\w*)(?:\\s*,\\s*([A-Za-z_]\\w*))?\\s+in\\b");

    /** A top-level block: labels such as [resource, aws_sqs_queue, main]. */
    record Block(List<String> labels, HCLBlock symbol, Path file) {
        String kind() {
            return labels.get(0);
        }

        String address() {
            return String.join(".", labels.subList(1, labels.size()));
        }
    }

    final Path dir;
    final List<Block> blocks = new ArrayList<>();

    /** Names bound by for expressions ({@code [for s in ...]}), which the lexer does not keep. */
    final Set<String> forVariables = new TreeSet<>();

    private TfModule(Path dir) {
        this.dir = dir;
    }

    static TfModule load(Path dir) throws IOException {
        TfModule m = new TfModule(dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".tf")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no .tf files in " + dir);
        }
        for (Path f : files) {
            for (Symbol s : lex(f)) {
                if (!(s instanceof HCLBlock b)) {
                    throw new IOException(f + ": top-level " + s + " is not a block");
                }
                m.blocks.add(new Block(List.copyOf(b.blockNames), b, f));
            }
            Matcher fm = FOR_VARS.matcher(Files.readString(f));
            while (fm.find()) {
                m.forVariables.add(fm.group(1));
                if (fm.group(2) != null) {
                    m.forVariables.add(fm.group(2));
                }
            }
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Symbol> lex(Path file) throws IOException {
        PrintStream out = System.out;
        // the 0.9.4 lexer prints a line per conditional operator to stdout
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Class<?> lexer = Class.forName("com.bertramlabs.plugins.hcl4j.HCLLexer");
            Constructor<?> ctor = lexer.getDeclaredConstructor(Reader.class);
            ctor.setAccessible(true);
            Object instance = ctor.newInstance(reader);
            Method yylex = lexer.getMethod("yylex");
            yylex.setAccessible(true);
            yylex.invoke(instance);
            Field stack = lexer.getField("elementStack");
            stack.setAccessible(true);
            return new ArrayList<>((List<Symbol>) stack.get(instance));
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot parse " + file + ": " + e.getCause(), e);
        } finally {
            System.setOut(out);
        }
    }

    List<Block> blocks(String kind) {
        return blocks.stream().filter(b -> b.kind().equals(kind)).toList();
    }

    /** Blocks of a kind by address ({@code type.name} for resources and data, name otherwise). */
    Map<String, Block> byAddress(String kind) {
        Map<String, Block> map = new LinkedHashMap<>();
        blocks(kind).forEach(b -> map.put(b.address(), b));
        return map;
    }

    Block resource(String address) {
        Block b = byAddress("resource").get(address);
        if (b == null) {
            throw new AssertionError(dir + ": no resource " + address);
        }
        return b;
    }

    /** Local values by name (attributes of every {@code locals} block). */
    Map<String, HCLAttribute> locals() {
        Map<String, HCLAttribute> map = new LinkedHashMap<>();
        blocks("locals").forEach(b -> attributes(b.symbol()).forEach(a -> map.put(a.getName(), a)));
        return map;
    }

    // ------------------------------------------------------------------ symbol helpers

    static List<Symbol> children(Symbol s) {
        return s.getChildren() == null ? List.of() : s.getChildren();
    }

    static List<HCLAttribute> attributes(Symbol block) {
        List<HCLAttribute> list = new ArrayList<>();
        children(block)
                .forEach(
                        c -> {
                            if (c instanceof HCLAttribute a) {
                                list.add(a);
                            }
                        });
        return list;
    }

    static HCLAttribute attribute(Symbol block, String name) {
        return attributes(block).stream()
                .filter(a -> a.getName().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** Nested blocks of a type, including the {@code content} of {@code dynamic "type"} blocks. */
    static List<HCLBlock> nested(Symbol block, String type) {
        List<HCLBlock> list = new ArrayList<>();
        for (Symbol c : children(block)) {
            if (c instanceof HCLBlock b
                    && b.blockNames.size() == 1
                    && b.blockNames.get(0).equals(type)) {
                list.add(b);
            } else if (c instanceof HCLBlock d
                    && d.blockNames.size() == 2
                    && d.blockNames.get(0).equals("dynamic")
                    && d.blockNames.get(1).equals(type)) {
                list.addAll(nested(d, "content"));
            }
        }
        return list;
    }

    /**
     * Follows a path of nested single blocks, e.g.
     * application_configuration/environment_properties.
     */
    static HCLBlock path(Symbol block, String... types) {
        Symbol current = block;
        for (String t : types) {
            List<HCLBlock> found = nested(current, t);
            if (found.size() != 1) {
                throw new AssertionError(
                        "expected one '" + t + "' block in " + current + ", found " + found.size());
            }
            current = found.get(0);
        }
        return (HCLBlock) current;
    }

    /** Every reference in an expression, as path segments ([aws_sqs_queue, main, arn]). */
    static List<List<String>> references(Symbol s) {
        List<List<String>> refs = new ArrayList<>();
        collectReferences(s, refs);
        return refs;
    }

    private static void collectReferences(Symbol s, List<List<String>> refs) {
        if (s instanceof VariableTree) {
            List<String> segments = new ArrayList<>();
            for (Symbol c : children(s)) {
                if (c instanceof HCLArray) {
                    collectReferences(c, refs); // index expressions such as [each.key]
                } else if (c.getName() != null) {
                    segments.add(c.getName());
                }
            }
            refs.add(segments);
            return;
        }
        if (s instanceof HCLValue v && "string".equals(v.type) && v.value != null) {
            refs.addAll(templateReferences(v.value.toString()));
        }
        children(s).forEach(c -> collectReferences(c, refs));
    }

    private static final Pattern TEMPLATE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern TRAVERSAL =
            Pattern.compile("(?<![\\w.\"])([A-Za-z_][\\w-]*)((?:\\.[A-Za-z_][\\w-]*)+)");

    /** References inside "${...}" of strings the lexer kept verbatim (heredocs). */
    private static List<List<String>> templateReferences(String text) {
        List<List<String>> refs = new ArrayList<>();
        Matcher t = TEMPLATE.matcher(text);
        while (t.find()) {
            Matcher r = TRAVERSAL.matcher(t.group(1));
            while (r.find()) {
                List<String> segments = new ArrayList<>();
                segments.add(r.group(1));
                segments.addAll(List.of(r.group(2).substring(1).split("\\.")));
                refs.add(segments);
            }
        }
        return refs;
    }

    /** Normalised reference target: var.x, local.x, data.t.n, module.m, or type.name. */
    static String target(List<String> ref) {
        String root = ref.get(0);
        if (root.equals("data") && ref.size() >= 3) {
            return "data." + ref.get(1) + "." + ref.get(2);
        }
        return ref.size() >= 2 ? root + "." + ref.get(1) : root;
    }

    /**
     * Normalised targets of every reference in an expression; bare names (for-expression and
     * dynamic-block iterators) are left out.
     */
    static Set<String> targets(Symbol s) {
        Set<String> set = new TreeSet<>();
        if (s != null) {
            references(s).stream().filter(r -> r.size() > 1).forEach(r -> set.add(target(r)));
        }
        return set;
    }

    /** The string of an attribute whose value is a plain string literal, else null. */
    static String literal(HCLAttribute a) {
        if (a != null && children(a).size() == 1 && children(a).get(0) instanceof HCLValue v) {
            return v.value == null ? null : v.value.toString();
        }
        return null;
    }

    /** The strings of an attribute whose value is a list of string literals; fails otherwise. */
    static List<String> literalList(HCLAttribute a) {
        if (a == null) {
            return List.of();
        }
        if (children(a).size() != 1 || !(children(a).get(0) instanceof HCLArray array)) {
            throw new AssertionError(a.getName() + " must be a literal list");
        }
        List<String> values = new ArrayList<>();
        for (Symbol c : children(array)) {
            if (!(c instanceof HCLValue v) || !"string".equals(v.type)) {
                throw new AssertionError(a.getName() + " must list literal strings, found " + c);
            }
            values.add(v.value.toString());
        }
        return values;
    }
}
