namespace Archive.Bench.Codec;

// Benchmark classes named by shape (STYLE.md §16): operation_kxm_shardsize.

public class Encode_10x4_64K : ErasureBenchmark { protected override int K => 10; protected override int M => 4; protected override int ShardLength => 65536; protected override bool Reconstruct => false; }

public class Encode_10x4_1M : ErasureBenchmark { protected override int K => 10; protected override int M => 4; protected override int ShardLength => 1048576; protected override bool Reconstruct => false; }

public class Encode_6x3_64K : ErasureBenchmark { protected override int K => 6; protected override int M => 3; protected override int ShardLength => 65536; protected override bool Reconstruct => false; }

public class Encode_6x3_1M : ErasureBenchmark { protected override int K => 6; protected override int M => 3; protected override int ShardLength => 1048576; protected override bool Reconstruct => false; }

public class Encode_17x3_64K : ErasureBenchmark { protected override int K => 17; protected override int M => 3; protected override int ShardLength => 65536; protected override bool Reconstruct => false; }

public class Encode_17x3_1M : ErasureBenchmark { protected override int K => 17; protected override int M => 3; protected override int ShardLength => 1048576; protected override bool Reconstruct => false; }

public class Encode_4x2_64K : ErasureBenchmark { protected override int K => 4; protected override int M => 2; protected override int ShardLength => 65536; protected override bool Reconstruct => false; }

public class Encode_4x2_1M : ErasureBenchmark { protected override int K => 4; protected override int M => 2; protected override int ShardLength => 1048576; protected override bool Reconstruct => false; }

public class Reconstruct_10x4_64K : ErasureBenchmark { protected override int K => 10; protected override int M => 4; protected override int ShardLength => 65536; protected override bool Reconstruct => true; }

public class Reconstruct_10x4_1M : ErasureBenchmark { protected override int K => 10; protected override int M => 4; protected override int ShardLength => 1048576; protected override bool Reconstruct => true; }

public class Reconstruct_6x3_64K : ErasureBenchmark { protected override int K => 6; protected override int M => 3; protected override int ShardLength => 65536; protected override bool Reconstruct => true; }

public class Reconstruct_6x3_1M : ErasureBenchmark { protected override int K => 6; protected override int M => 3; protected override int ShardLength => 1048576; protected override bool Reconstruct => true; }

public class Reconstruct_17x3_64K : ErasureBenchmark { protected override int K => 17; protected override int M => 3; protected override int ShardLength => 65536; protected override bool Reconstruct => true; }

public class Reconstruct_17x3_1M : ErasureBenchmark { protected override int K => 17; protected override int M => 3; protected override int ShardLength => 1048576; protected override bool Reconstruct => true; }

public class Reconstruct_4x2_64K : ErasureBenchmark { protected override int K => 4; protected override int M => 2; protected override int ShardLength => 65536; protected override bool Reconstruct => true; }

public class Reconstruct_4x2_1M : ErasureBenchmark { protected override int K => 4; protected override int M => 2; protected override int ShardLength => 1048576; protected override bool Reconstruct => true; }
