package io.iamsuite.bench.report;

import io.iamsuite.bench.policy.PipelineScaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The network and pipeline tables of docs/benchmarks.md, from results files as the scripts write them. */
class ReportsTest {
    @TempDir
    Path results;

    @Test
    void networkTablePairsOursWithCerbosAndGivesTheRatio() throws Exception {
        String header = "run_id,target,server,protocol,client,mode,level,seconds,answered,answers_per_s,kept_up,p50_us,"
                + "p90_us,p99_us,p999_us,max_us,cpu_client,cpu_server,cpu_machine,server_cpu_us_per_check,load_before,note";
        Files.writeString(results.resolve("network-compare.csv"), String.join("\n", header,
                "r1,ours-grpc,policy-service,grpc,\"grpc-java async stub, 2 HTTP/2 connections\",closed,64,10.0,600000,"
                        + "60000.0,true,800,1500,3000,6000,9000,0.60,1.10,1.90,18.3,\"2.1 2.0 1.9\",\"\"",
                "r1,cerbos-grpc,cerbos 0.55.0,grpc,\"grpc-java async stub, 2 HTTP/2 connections\",closed,64,10.0,"
                        + "150000,15000.0,true,3000,6000,12000,20000,30000,0.60,1.20,1.90,80.0,\"2.1 2.0 1.9\",\"\"",
                "r1,ours-grpc,policy-service,grpc,\"grpc-java async stub, 2 HTTP/2 connections\",open,5000,10.0,50000,"
                        + "5000.0,true,150,180,400,3000,7000,0.30,0.20,0.20,40.0,\"2.1 2.0 1.9\",\"\"",
                "r1,cerbos-grpc,cerbos 0.55.0,grpc,\"grpc-java async stub, 2 HTTP/2 connections\",open,5000,10.0,"
                        + "50000,5000.0,true,300,600,2000,9000,15000,0.30,0.50,0.60,100.0,\"2.1 2.0 1.9\",\"\"") + "\n");

        String md = NetworkReport.render(results);

        assertThat(md).contains("| gRPC | saturation, 64 in flight | 60,000 | 0.80 ms / 3.00 ms / 6.00 ms | 15,000 |"
                + " 3.00 ms / 12.0 ms / 20.0 ms | **4.0×** throughput |");
        assertThat(md).contains("| gRPC | fixed 5,000/s | 5,000 | 0.15 ms / 0.40 ms / 3.00 ms | 5,000 |"
                + " 0.30 ms / 2.00 ms / 9.00 ms | **5.0×** lower p99 |");
    }

    @Test
    void noNetworkCsvNoNetworkSection() throws Exception {
        assertThat(NetworkReport.render(results)).isEmpty();
    }

    @Test
    void pipelineTablesShowPerUnitCostsPerSize() throws Exception {
        Files.writeString(results.resolve("pipeline-inprocess.tsv"), String.join("\n", PipelineScaling.HEADER,
                "small\t100\t100000\t50000\t15000\t10000\t250000\t1000000\t25600000\t512\t0.05\t600000\t0.04",
                "large\t10000\t10000000\t5000000\t1500000\t1000000\t260000\t1000000\t2560000000\t512\t5.0\t60000000\t8.0")
                + "\n");
        Files.writeString(results.resolve("pipeline-writes.tsv"),
                "small\tidentity\t8\t10\t3000\t300.0\t20.00\t60.00\t90.00\t45\n");

        PipelineReport.main(new String[] {"--results", results.toString()});
        String md = Files.readString(results.resolve("pipeline.md"));

        assertThat(md).contains("| Measure | small | large |");
        assertThat(md).contains("| replay, µs per event | 4.00 | 3.85 |");
        assertThat(md).contains("| of which decode, µs per event | 3.00 | 2.85 |");
        assertThat(md).contains("| of which fold (Projection.apply), µs per event | 1.00 | 1.00 |");
        assertThat(md).contains("| projection heap per grant | 512 B | 512 B |");
        assertThat(md).contains("| snapshot load per million events | 0.40 s | 0.80 s |");
        assertThat(md).contains("| small | identity-service | 8 | 300 | 20.00 ms | 60.00 ms | 90.00 ms | 45 ms |");
        assertThat(md).doesNotContain("On the running suite");
    }
}
