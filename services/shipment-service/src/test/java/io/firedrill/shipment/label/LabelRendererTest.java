package io.firedrill.shipment.label;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.LineItem;
import io.firedrill.shipment.domain.TrackingNumber;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LabelRendererTest {

    private final LabelRenderer renderer = new LabelRenderer();

    @Test
    void rendersADecodablePngOfTheLabelSizeWithPrintOnIt() throws Exception {
        UUID orderId = UUID.randomUUID();
        List<LineItem> items = IntStream.range(0, 25).mapToObj(i -> new LineItem("SKU-" + i, i + 1)).toList();
        byte[] png = renderer.render(new ShippingLabel("FIREDRILL-POST", TrackingNumber.forOrder(orderId), orderId,
                UUID.randomUUID(), new Address("Grace Hopper", "1 Navy Yard", null, "Arlington", "22202", "US"), items,
                Instant.now()));

        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(LabelRenderer.WIDTH);
        assertThat(image.getHeight()).isEqualTo(LabelRenderer.HEIGHT);
        // Ink in the address block and in the barcode band, paper between the bars.
        assertThat(blackPixels(image, 0, 100, LabelRenderer.WIDTH, 200)).isGreaterThan(500);
        int barcodeTop = LabelRenderer.HEIGHT - 300;
        int black = blackPixels(image, 0, barcodeTop, LabelRenderer.WIDTH, 170);
        assertThat(black).isBetween(LabelRenderer.WIDTH * 170 / 5, LabelRenderer.WIDTH * 170 * 4 / 5);
    }

    @Test
    void sameLabelRendersToTheSameBytes() {
        ShippingLabel label = LabelRenderer.sample();
        assertThat(renderer.render(label)).isEqualTo(renderer.render(label));
    }

    @Test
    void flagsAddressesTheLabelFontsCannotPrint() {
        assertThat(renderer.unprintable(new Address("Zoë Ørsted", "Straße 1", null, "Kraków", "30-001", "PL"))).isEmpty();
        assertThat(renderer.unprintable(new Address("Jo", "\uE000 private use", null, "X", "12345", "FR")))
                .hasValueSatisfying(r -> assertThat(r).contains("line1").contains("U+E000"));
    }

    private static int blackPixels(BufferedImage image, int x0, int y0, int width, int height) {
        int black = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == 0) {
                    black++;
                }
            }
        }
        return black;
    }
}
