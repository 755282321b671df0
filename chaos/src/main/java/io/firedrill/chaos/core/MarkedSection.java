package io.firedrill.chaos.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated part of a hand-written file (a README table), kept between two marker comments: the generator rewrites
 * what lies between them and leaves the rest alone, and a test compares it with what the generator would write.
 */
public record MarkedSection(String begin, String end) {

    /** The content now between the markers (stripped, one final newline), or null when the markers are missing. */
    public String current(Path file) throws IOException {
        String text = Files.readString(file);
        int begin = text.indexOf(this.begin);
        int end = text.indexOf(this.end);
        if (begin < 0 || end < begin) {
            return null;
        }
        return text.substring(begin + this.begin.length(), end).strip() + "\n";
    }

    /** Replaces the content between the markers with {@code content}; the markers must be there already. */
    public void write(Path file, String content) throws IOException {
        String text = Files.readString(file);
        int begin = text.indexOf(this.begin);
        int end = text.indexOf(this.end);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(file + " has no generated-section markers: " + this.begin + " ... " + this.end);
        }
        Files.writeString(file, text.substring(0, begin + this.begin.length()) + "\n" + content + text.substring(end));
    }
}
