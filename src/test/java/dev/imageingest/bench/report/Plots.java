package dev.imageingest.bench.report;

import dev.imageingest.bench.report.Timeline.Sample;
import dev.imageingest.bench.report.Timeline.Tick;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG plots with JFreeChart: a metric against capacity with one line per latency (from the results
 * CSV), and one run's throughput and job CPU over time (from its timeline).
 */
public final class Plots {
    private Plots() {}

    /**
     * {@code column} (e.g. steady_images_per_s) against capacity, one line per latency, over the
     * rows of {@code subject} (job, bare, ...).
     */
    public static void byCapacity(
            List<Map<String, String>> rows,
            String subject,
            String column,
            String title,
            String yLabel,
            Path png)
            throws IOException {
        Map<String, XYSeries> byLatency =
                new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        for (Map<String, String> r : rows) {
            if (!subject.equals(r.get("subject"))
                    || r.get(column) == null
                    || r.get(column).isEmpty()) {
                continue;
            }
            String latency = r.get("latency_ms");
            XYSeries s =
                    byLatency.computeIfAbsent(
                            latency, l -> new XYSeries(l + " ms latency", true, false));
            s.addOrUpdate(Double.parseDouble(r.get("capacity")), Double.parseDouble(r.get(column)));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        byLatency.values().forEach(data::addSeries);
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        title,
                        "fetch.capacity (images in flight per subtask)",
                        yLabel,
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("fetch.capacity (images in flight per subtask, log scale)");
        x.setBase(2);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        plot.setDomainAxis(x);
        style(plot);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 540);
    }

    /** Records/s (per tick) and job CPU cores over one run's time since launch. */
    public static void overTime(
            List<Tick> ticks, List<Sample> samples, long launchEpochMs, String title, Path png)
            throws IOException {
        XYSeries rate = new XYSeries("images/s (records reaching Firehose, 10 s average)");
        XYSeries cpu = new XYSeries("measured JVM CPU, cores x 1000 (10 s average)");
        int window = 10; // the Firehose sink delivers in bursts (buffer time, checkpoints)
        for (int i = window; i < ticks.size(); i++) {
            Tick a = ticks.get(i - window);
            Tick b = ticks.get(i);
            double dt = (b.epochMs() - a.epochMs()) / 1000.0;
            if (dt <= 0) {
                continue;
            }
            double t = (b.epochMs() - launchEpochMs) / 1000.0;
            rate.add(t, (b.records() - a.records()) / dt);
            double cores =
                    (Timeline.cpuNsAt(samples, b.epochMs())
                                    - Timeline.cpuNsAt(samples, a.epochMs()))
                            / 1e9
                            / dt;
            cpu.add(t, cores * 1000);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(rate);
        data.addSeries(cpu);
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        title,
                        "seconds since the job JVM started",
                        "images/s  |  CPU cores x 1000",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        style(chart.getXYPlot());
        ((XYLineAndShapeRenderer) chart.getXYPlot().getRenderer()).setDefaultShapesVisible(false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 500);
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < 8; i++) {
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(r);
    }
}
