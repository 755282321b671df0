package io.firedrill.shipment.label;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.LineItem;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Renders a 4×6 inch thermal label at 203 dpi (812×1218 px, 1 bit per pixel) as PNG, drawn with Java2D in headless
 * mode: carrier, recipient and address, order and shipment ids, the items, the tracking number in text and as a
 * Code 39 barcode. Stateless and thread-safe; the same input always gives the same bytes.
 */
@Component
public class LabelRenderer {

    public static final int WIDTH = 812;
    public static final int HEIGHT = 1218;
    static final int MAX_ITEM_LINES = 10;

    private static final int MARGIN = 32;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Font title = new Font(Font.SANS_SERIF, Font.BOLD, 40);
    private final Font heading = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    private final Font large = new Font(Font.SANS_SERIF, Font.BOLD, 34);
    private final Font body = new Font(Font.SANS_SERIF, Font.PLAIN, 26);
    private final Font small = new Font(Font.MONOSPACED, Font.PLAIN, 20);

    public LabelRenderer() {
        render(sample()); // loads the fonts now (~0.5 s) rather than inside the first order's transaction
    }

    /**
     * Why this address cannot be printed with the label fonts (e.g. a script they do not cover), or empty.
     * Checked before rendering so the shipment fails with a reason instead of printing boxes.
     */
    public Optional<String> unprintable(Address address) {
        String[][] fields = {{"recipient", address.recipient()}, {"line1", address.line1()}, {"line2", address.line2()},
                {"city", address.city()}, {"postalCode", address.postalCode()}};
        for (String[] field : fields) {
            if (field[1] != null) {
                Font font = "recipient".equals(field[0]) ? large : body;
                int bad = font.canDisplayUpTo(field[1]);
                if (bad >= 0) {
                    return Optional.of("address " + field[0] + " has characters the label printer cannot print (U+"
                            + String.format("%04X", field[1].codePointAt(bad)) + ")");
                }
            }
        }
        return Optional.empty();
    }

    public byte[] render(ShippingLabel label) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            draw(g, label);
        } finally {
            g.dispose();
        }
        return PngEncoder.encode(image);
    }

    private void draw(Graphics2D g, ShippingLabel label) {
        int right = WIDTH - MARGIN;
        // Border and carrier band.
        g.fillRect(0, 0, WIDTH, 6);
        g.fillRect(0, HEIGHT - 6, WIDTH, 6);
        g.fillRect(0, 0, 6, HEIGHT);
        g.fillRect(WIDTH - 6, 0, 6, HEIGHT);
        g.fillRect(6, 6, WIDTH - 12, 84);
        g.setColor(Color.WHITE);
        g.setFont(title);
        g.drawString(fit(g, label.carrier(), WIDTH - 2 * MARGIN), MARGIN, 64);
        g.setColor(Color.BLACK);

        int y = 140;
        g.setFont(heading);
        g.drawString("SHIP TO", MARGIN, y);
        Address a = label.address();
        y += 46;
        g.setFont(large);
        g.drawString(fit(g, a.recipient(), right - MARGIN), MARGIN, y);
        g.setFont(body);
        for (String line : addressLines(a)) {
            y += 38;
            g.drawString(fit(g, line, right - MARGIN), MARGIN, y);
        }
        y += 30;
        g.fillRect(MARGIN, y, right - MARGIN, 3);

        y += 40;
        g.setFont(small);
        g.drawString("ORDER    " + label.orderId(), MARGIN, y);
        y += 28;
        g.drawString("SHIPMENT " + label.shipmentId(), MARGIN, y);
        y += 28;
        g.drawString("SHIPPED  " + DATE.format(label.shippedAt()), MARGIN, y);
        y += 24;
        g.fillRect(MARGIN, y, right - MARGIN, 3);

        y += 36;
        g.setFont(heading);
        g.drawString("CONTENTS", MARGIN, y);
        g.setFont(small);
        List<LineItem> items = label.items();
        int shown = items.size() > MAX_ITEM_LINES ? MAX_ITEM_LINES - 1 : items.size();
        for (int i = 0; i < shown; i++) {
            y += 28;
            LineItem item = items.get(i);
            g.drawString(fit(g, String.format(Locale.ROOT, "%4d x %s", item.quantity(), item.sku()), right - MARGIN), MARGIN, y);
        }
        if (shown < items.size()) {
            y += 28;
            g.drawString("     + " + (items.size() - shown) + " more lines", MARGIN, y);
        }

        drawTracking(g, label.trackingNumber());
    }

    private void drawTracking(Graphics2D g, String trackingNumber) {
        int barTop = HEIGHT - 300;
        g.fillRect(MARGIN, barTop - 40, WIDTH - 2 * MARGIN, 3);
        List<Integer> modules = Code39.modules(trackingNumber, 3);
        int total = modules.stream().mapToInt(Integer::intValue).sum();
        int moduleWidth = Math.max(1, (WIDTH - 2 * MARGIN - 40) / total);
        int x = (WIDTH - total * moduleWidth) / 2;
        boolean bar = true;
        for (int width : modules) {
            if (bar) {
                g.fillRect(x, barTop, width * moduleWidth, 170);
            }
            x += width * moduleWidth;
            bar = !bar;
        }
        g.setFont(large);
        FontMetrics metrics = g.getFontMetrics();
        String text = spaced(trackingNumber);
        g.drawString(text, (WIDTH - metrics.stringWidth(text)) / 2, barTop + 220);
    }

    private static List<String> addressLines(Address a) {
        List<String> lines = new ArrayList<>();
        lines.add(a.line1());
        if (a.line2() != null && !a.line2().isBlank()) {
            lines.add(a.line2());
        }
        lines.add(a.postalCode().strip() + " " + a.city());
        lines.add(new Locale("", a.country()).getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT) + " (" + a.country() + ")");
        return lines;
    }

    /** {@code FD1234...} as {@code FD 1234 5678 ...} for people. */
    private static String spaced(String trackingNumber) {
        StringBuilder out = new StringBuilder(trackingNumber.substring(0, 2));
        for (int i = 2; i < trackingNumber.length(); i += 4) {
            out.append(' ').append(trackingNumber, i, Math.min(i + 4, trackingNumber.length()));
        }
        return out.toString();
    }

    /** Cuts {@code text} with an ellipsis so that it fits {@code width} pixels in the current font. */
    private static String fit(Graphics2D g, String text, int width) {
        FontMetrics metrics = g.getFontMetrics();
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && metrics.stringWidth(cut + "...") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }

    /** A label that exercises fonts and the PNG encoder once, so the first real order does not pay for it. */
    static ShippingLabel sample() {
        UUID id = new UUID(0, 0);
        return new ShippingLabel("FIREDRILL-POST", "FD000000000000", id, id,
                new Address("Warm Up", "1 Start Street", null, "Lyon", "69001", "FR"), List.of(new LineItem("WARM-UP", 1)),
                java.time.Instant.EPOCH);
    }
}
