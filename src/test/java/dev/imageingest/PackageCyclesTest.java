package dev.imageingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The developer guide demands "no import cycles" between packages: a stage's subpackages may use
 * the stage's shared types, but then the stage must not reach back into them, otherwise the
 * packages can only be understood (and moved, and tested) together. This test reads every main
 * source file, builds the package graph from its {@code import dev.imageingest...} lines and fails
 * listing every strongly connected component with more than one package (Tarjan).
 *
 * <p>Only imports are read: classes of the same package need no import and cannot form a package
 * cycle, and fully qualified names in code bodies are rare enough that the guide does not rely on
 * them.
 */
class PackageCyclesTest {

    private static final String ROOT = "dev.imageingest";
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern IMPORT =
            Pattern.compile(
                    "(?m)^import\\s+(static\\s+)?("
                            + Pattern.quote(ROOT)
                            + "[\\w.]*?)(\\.\\*)?\\s*;");

    @Test
    void mainPackagesHaveNoImportCycles() throws IOException {
        Map<String, Set<String>> graph = packageGraph(Path.of("src", "main", "java"));
        // the scan must have something to scan: the job, the stages, the tools...
        assertThat(graph.keySet()).hasSizeGreaterThan(20);
        List<String> described =
                cycles(graph).stream()
                        .map(cycle -> describe(cycle, graph))
                        .collect(Collectors.toList());
        assertThat(described)
                .as("package import cycles (each entry: the packages and their imports inside it)")
                .isEmpty();
    }

    @Test
    void detectsACycleAndMapsNestedAndStaticImports() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", new TreeSet<>(List.of("a.b")));
        graph.put("a.b", new TreeSet<>(List.of("c")));
        graph.put("c", new TreeSet<>(List.of("a")));
        graph.put("d", new TreeSet<>(List.of("a")));
        assertThat(cycles(graph)).containsExactly(List.of("a", "a.b", "c"));

        assertThat(packageOf("dev.imageingest.stage.Settings", false, false))
                .isEqualTo("dev.imageingest.stage");
        assertThat(packageOf("dev.imageingest.stage.Settings.Range", false, false))
                .isEqualTo("dev.imageingest.stage");
        assertThat(packageOf("dev.imageingest.stage.http", false, true))
                .isEqualTo("dev.imageingest.stage.http");
        assertThat(packageOf("dev.imageingest.stage.Settings.DEFAULT", true, false))
                .isEqualTo("dev.imageingest.stage");
        assertThat(packageOf("dev.imageingest.stage.Settings", true, true))
                .isEqualTo("dev.imageingest.stage");
    }

    private static String describe(List<String> cycle, Map<String, Set<String>> graph) {
        StringBuilder out = new StringBuilder(String.join(" <-> ", cycle)).append(':');
        for (String from : cycle) {
            for (String to : graph.get(from)) {
                if (cycle.contains(to)) {
                    out.append("\n    ").append(from).append(" -> ").append(to);
                }
            }
        }
        return out.toString();
    }

    /** Package to the set of other {@code dev.imageingest} packages it imports from. */
    static Map<String, Set<String>> packageGraph(Path sourceRoot) throws IOException {
        assertThat(sourceRoot).isDirectory();
        Map<String, Set<String>> graph = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sourceRoot)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher pkg = PACKAGE.matcher(text);
            if (!pkg.find() || !pkg.group(1).startsWith(ROOT)) {
                continue;
            }
            String from = pkg.group(1);
            Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher imp = IMPORT.matcher(text);
            while (imp.find()) {
                String to = packageOf(imp.group(2), imp.group(1) != null, imp.group(3) != null);
                if (!to.equals(from)) {
                    targets.add(to);
                }
            }
        }
        return graph;
    }

    /**
     * The package of an imported name: the segments before the first capitalised one (a class), so
     * nested classes ({@code a.b.C.D}) and static members ({@code a.b.C.m}) map to {@code a.b}. A
     * wildcard on a package ({@code a.b.*}) names the package itself.
     */
    static String packageOf(String name, boolean isStatic, boolean wildcard) {
        String[] parts = name.split("\\.");
        List<String> pkg = new ArrayList<>();
        for (String part : parts) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                return String.join(".", pkg);
            }
            pkg.add(part);
        }
        // no capitalised segment: a package wildcard, or a lower-case class/member name
        if (wildcard && !isStatic) {
            return name;
        }
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** Strongly connected components with more than one package, each sorted, in sorted order. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> result = new ArrayList<>();
        int[] counter = {0};
        for (String node : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(node)) {
                strongConnect(node, graph, index, low, stack, onStack, result, counter);
            }
        }
        result.sort((x, y) -> x.get(0).compareTo(y.get(0)));
        return result;
    }

    private static void strongConnect(
            String v,
            Map<String, Set<String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<List<String>> result,
            int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, result, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(String::compareTo);
                result.add(component);
            }
        }
    }
}
