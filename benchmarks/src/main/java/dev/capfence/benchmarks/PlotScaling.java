package dev.capfence.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Draws decision time against rule count from {@link ScalingBenchmark}'s JMH JSON as a PNG line chart: rule count
 * on a log x axis, time per decision on a log y axis (the event kinds differ tenfold), one line per benchmark
 * method with JMH's 99.9 % interval as error bars. Java2D and ImageIO only, so it runs wherever the benchmarks do.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.capfence.benchmarks.PlotScaling \
 *     benchmarks/target/scaling.json docs/images/scaling.png</pre>
 */
public final class PlotScaling {

    private static final Color[] COLORS = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final int W = 1520, H = 880, LEFT = 140, RIGHT = 470, TOP = 80, BOTTOM = 120;

    /** One measured point: rules in the policy, mean time per decision, its error. */
    record Point(int rules, double score, double error) {
    }

    /** The measured series by benchmark method, and their common unit. */
    record Series(Map<String, List<Point>> byMethod, String unit) {
    }

    private PlotScaling() {
    }

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args.length > 0 ? args[0] : "benchmarks/target/scaling.json");
        Path out = Path.of(args.length > 1 ? args[1] : "docs/images/scaling.png");
        Series series = read(in);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        ImageIO.write(draw(series), "png", out.toFile());
        series.byMethod().forEach((method, points) -> {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-24s", method));
            points.forEach(p -> line.append(String.format(Locale.ROOT, "  %,6d: %8.1f", p.rules(), p.score())));
            Point first = points.get(0), last = points.get(points.size() - 1);
            line.append(String.format(Locale.ROOT, "   growth %.2fx (%,d -> %,d)",
                    last.score() / first.score(), first.rules(), last.rules()));
            System.out.println(line);
        });
        System.out.println("wrote " + out);
    }

    /** The AverageTime runs of a JMH JSON result, by method, sorted by rule count. */
    static Series read(Path json) throws IOException {
        JsonNode runs = JsonMapper.builder().build().readTree(Files.readString(json));
        if (!runs.isArray() || runs.isEmpty()) {
            throw new IllegalArgumentException(json + ": not a JMH JSON result (expected a non-empty list of runs)");
        }
        Map<String, List<Point>> byMethod = new TreeMap<>();
        String unit = null;
        for (JsonNode run : runs) {
            if (!"avgt".equals(run.path("mode").asString(""))) {
                continue;
            }
            String benchmark = run.path("benchmark").asString("");
            JsonNode metric = run.path("primaryMetric");
            JsonNode rules = run.path("params").path("rules");
            if (benchmark.isEmpty() || rules.isMissingNode() || !metric.has("score")) {
                throw new IllegalArgumentException(json + ": a run lacks benchmark, params.rules or primaryMetric; "
                        + "run ScalingBenchmark with -rf json");
            }
            String runUnit = metric.path("scoreUnit").asString("");
            if (unit != null && !unit.equals(runUnit)) {
                throw new IllegalArgumentException(json + ": mixed units " + unit + " and " + runUnit);
            }
            unit = runUnit;
            double error = metric.path("scoreError").asDouble(0);
            byMethod.computeIfAbsent(benchmark.substring(benchmark.lastIndexOf('.') + 1), k -> new ArrayList<>())
                    .add(new Point(Integer.parseInt(rules.asString()), metric.path("score").asDouble(),
                            Double.isNaN(error) ? 0 : error));
        }
        if (byMethod.isEmpty()) {
            throw new IllegalArgumentException(json + ": no AverageTime (avgt) runs");
        }
        byMethod.values().forEach(points -> points.sort((a, b) -> Integer.compare(a.rules(), b.rules())));
        return new Series(byMethod, unit);
    }

    static BufferedImage draw(Series series) {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        Axes axes = Axes.of(series);
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        Font text = new Font(Font.SANS_SERIF, Font.PLAIN, 22);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
        centered(g, "CapFence decision time against rule count", LEFT + pw / 2.0, 44);
        g.setFont(text);
        g.setStroke(new BasicStroke(1.5f));
        for (double y : axes.yTicks()) {
            double yy = axes.py(y);
            g.setColor(new Color(0xdddddd));
            g.draw(new Line2D.Double(LEFT, yy, LEFT + pw, yy));
            g.setColor(Color.DARK_GRAY);
            String label = y >= 1 ? String.format(Locale.ROOT, "%,d", Math.round(y)) : String.valueOf(y);
            g.drawString(label, LEFT - 12 - g.getFontMetrics().stringWidth(label), (float) yy + 8);
        }
        for (int e = (int) Math.ceil(axes.xLo()); e <= (int) Math.floor(axes.xHi()); e++) {
            double xx = axes.px(Math.pow(10, e));
            g.setColor(new Color(0xdddddd));
            g.draw(new Line2D.Double(xx, TOP, xx, TOP + ph));
            g.setColor(Color.DARK_GRAY);
            centered(g, String.format(Locale.ROOT, "%,d", Math.round(Math.pow(10, e))), xx, TOP + ph + 34);
        }
        g.setColor(new Color(0x333333));
        g.drawRect(LEFT, TOP, pw, ph);
        centered(g, "rules in the policy (log scale)", LEFT + pw / 2.0, H - 36);
        AffineTransform plain = g.getTransform();
        g.rotate(-Math.PI / 2, 40, TOP + ph / 2.0);
        centered(g, "time per decision (" + series.unit() + ", log scale)", 40, TOP + ph / 2.0);
        g.setTransform(plain);
        int i = 0;
        for (Map.Entry<String, List<Point>> entry : series.byMethod().entrySet()) {
            Color c = COLORS[i % COLORS.length];
            Path2D line = new Path2D.Double();
            for (Point p : entry.getValue()) {
                double x = axes.px(p.rules()), y = axes.py(p.score());
                if (line.getCurrentPoint() == null) {
                    line.moveTo(x, y);
                } else {
                    line.lineTo(x, y);
                }
                if (p.error() > 0) {
                    g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 128));
                    g.draw(new Line2D.Double(x, axes.py(p.score() + p.error()), x, axes.py(p.score() - p.error())));
                }
                g.setColor(c);
                g.fill(new Ellipse2D.Double(x - 7, y - 7, 14, 14));
            }
            g.setColor(c);
            g.setStroke(new BasicStroke(4f));
            g.draw(line);
            g.setStroke(new BasicStroke(1.5f));
            int ly = TOP + 28 + i * 40, lx = LEFT + pw + 32;
            g.setStroke(new BasicStroke(4f));
            g.draw(new Line2D.Double(lx, ly - 8, lx + 44, ly - 8));
            g.setStroke(new BasicStroke(1.5f));
            g.setColor(Color.DARK_GRAY);
            g.drawString(words(entry.getKey()), lx + 56, ly);
            i++;
        }
        g.setColor(Color.GRAY);
        g.setFont(text.deriveFont(20f));
        g.drawString("bars: JMH 99.9% interval", LEFT + pw + 32, TOP + 28 + i * 40 + 20);
        g.dispose();
        return image;
    }

    /** allowSmallRefund → allow small refund */
    static String words(String method) {
        return method.replaceAll("(?<!^)([A-Z])", " $1").toLowerCase(Locale.ROOT);
    }

    private static void centered(Graphics2D g, String s, double x, double y) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(s, (float) (x - m.stringWidth(s) / 2.0), (float) y);
    }

    /** Log scales on both axes, with a little room either side so end points and their bars stay off the frame. */
    record Axes(double xLo, double xHi, double yLo, double yHi, List<Double> yTicks) {

        static Axes of(Series series) {
            double minX = Double.MAX_VALUE, maxX = 0, minY = Double.MAX_VALUE, maxY = 0;
            for (List<Point> points : series.byMethod().values()) {
                for (Point p : points) {
                    minX = Math.min(minX, p.rules());
                    maxX = Math.max(maxX, p.rules());
                    minY = Math.min(minY, Math.max(p.score() - p.error(), p.score() / 2));
                    maxY = Math.max(maxY, p.score() + p.error());
                }
            }
            // ticks on the 1-2-5 ladder from the one at or below the lowest point to the one at or above the highest
            List<Double> ladder = new ArrayList<>();
            for (int k = (int) Math.floor(Math.log10(minY)) - 1; k <= (int) Math.ceil(Math.log10(maxY)) + 1; k++) {
                for (int m : new int[] {1, 2, 5}) {
                    ladder.add(m * Math.pow(10, k));
                }
            }
            double bottom = minY, top = maxY;
            double first = ladder.stream().filter(t -> t <= bottom).reduce((a, b) -> b).orElse(ladder.get(0));
            double last = ladder.stream().filter(t -> t >= top).findFirst().orElse(ladder.get(ladder.size() - 1));
            List<Double> ticks = ladder.stream().filter(t -> t >= first && t <= last).toList();
            return new Axes(Math.log10(minX) - 0.15, Math.log10(maxX) + 0.15, Math.log10(first), Math.log10(last), ticks);
        }

        double px(double x) {
            return LEFT + (Math.log10(x) - xLo) / (xHi - xLo) * (W - LEFT - RIGHT);
        }

        double py(double y) {
            double clamped = Math.max(y, Math.pow(10, yLo));
            return TOP + (H - TOP - BOTTOM) - (Math.log10(clamped) - yLo) / (yHi - yLo) * (H - TOP - BOTTOM);
        }
    }
}
