package io.iamsuite.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Concatenates JMH JSON result files (arrays) into one: {@code MergeJson out.json in1.json in2.json ...}. */
public final class MergeJson {
    private MergeJson() {
    }

    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode all = json.createArrayNode();
        for (int i = 1; i < args.length; i++) {
            Path in = Path.of(args[i]);
            if (Files.exists(in)) {
                for (JsonNode run : json.readTree(in.toFile())) {
                    all.add(run);
                }
            }
        }
        json.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[0]).toFile(), all);
    }
}
