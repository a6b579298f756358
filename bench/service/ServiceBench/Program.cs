using Archive.Bench.Service;

// service-bench <command> [options]   (driven by bench/service/run-service.sh)
//   corpus-keys --corpus DIR --queries FILE --retrieve DIR   study list of a CorpusGenerator corpus ->
//       queries.tsv (typical study-level C-FIND keys) and one C-MOVE/C-GET identifier file per study
//   catalog --out DIR --studies N --parts P [--seed S]   N tiny one-instance studies in P folders + DIR/queries.tsv
//   find --port P --aec AE --queries FILE [--host H] [--aet AE] [--runs N]   C-FIND latency on one association
//       (and on a new association per query): one JSON line per figure
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: service-bench corpus-keys|catalog|find [options]");
    return 2;
}

var options = BenchArgs.Parse(args[1..]);
return args[0] switch
{
    "corpus-keys" => await CorpusKeys.RunAsync(options),
    "catalog" => await CatalogCorpus.RunAsync(options),
    "find" => await FindLatency.RunAsync(options),
    _ => Usage(args[0]),
};

static int Usage(string command)
{
    Console.Error.WriteLine($"unknown command {command}");
    return 2;
}
