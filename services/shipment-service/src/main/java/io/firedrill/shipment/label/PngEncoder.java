package io.firedrill.shipment.label;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a {@link BufferedImage#TYPE_BYTE_BINARY} image as a 1-bit grayscale PNG straight from its packed raster
 * (same bit order, 0 = black, 1 = white), with one Deflate pass. ImageIO's generic writer takes ~3× longer on
 * such images because it converts pixel by pixel, and labels are on the checkout's critical path.
 */
final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngEncoder() {}

    static byte[] encode(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_BYTE_BINARY || image.getColorModel().getPixelSize() != 1) {
            throw new IllegalArgumentException("only 1-bit TYPE_BYTE_BINARY images, got type " + image.getType());
        }
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] packed = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int stride = (width + 7) / 8;

        // Each scanline: filter type 0 (None), then the packed row.
        byte[] scanlines = new byte[(stride + 1) * height];
        for (int y = 0; y < height; y++) {
            System.arraycopy(packed, y * stride, scanlines, y * (stride + 1) + 1, stride);
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        ByteArrayOutputStream idat = new ByteArrayOutputStream(scanlines.length / 8);
        try {
            deflater.setInput(scanlines);
            deflater.finish();
            byte[] buffer = new byte[16 * 1024];
            while (!deflater.finished()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }

        ByteArrayOutputStream png = new ByteArrayOutputStream(idat.size() + 64);
        png.writeBytes(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 1)   // bit depth
                .put((byte) 0)   // colour type: grayscale
                .put((byte) 0)   // compression: deflate
                .put((byte) 0)   // filter method 0
                .put((byte) 0);  // no interlace
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
