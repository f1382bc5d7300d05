import Foundation

/// The Slurm batch scripts that run a sweep as a job array of shards and then merge them.
///
/// The array has one task per shard; task K runs `accord sweep run --shard K/N` into
/// `OUT/shard-K` with its allocated CPUs as workers, resuming if its store already exists
/// (so a requeued or failed task is simply resubmitted). The merge job runs only after
/// every task succeeded (`--dependency=afterok`), and `submit.sh` wires the two together.
package struct SlurmJob: Sendable {
  /// Absolute path of the `accord` executable the cluster nodes run.
  package var accord: String
  /// Absolute path of the sweep file.
  package var sweep: String
  /// Absolute output directory: shards, merged store, logs and scripts.
  package var out: String
  package var shards: Int
  package var partition: String?
  package var time: String
  package var cpusPerTask: Int
  package var jobName: String

  package init(
    accord: String, sweep: String, out: String, shards: Int, partition: String?, time: String,
    cpusPerTask: Int, jobName: String
  ) {
    self.accord = accord
    self.sweep = sweep
    self.out = out
    self.shards = shards
    self.partition = partition
    self.time = time
    self.cpusPerTask = cpusPerTask
    self.jobName = jobName
  }

  /// Whether `text` is a Slurm time limit accord accepts: `[D-]HH:MM:SS` or `MM:SS`.
  package static func isTimeLimit(_ text: String) -> Bool {
    text.wholeMatch(of: /(\d+-)?(\d{1,3}:)?[0-5]?\d:[0-5]\d/) != nil
  }

  /// The files to write, by name within ``out``: contents and whether executable.
  package var files: [(name: String, text: String, executable: Bool)] {
    [
      ("shards.sbatch", shardsScript, true), ("merge.sbatch", mergeScript, true),
      ("submit.sh", submitScript, true), ("README.md", readme, false),
    ]
  }

  var common: [String] {
    ["--time=\(time)"] + (partition.map { ["--partition=\($0)"] } ?? [])
  }

  package var shardsScript: String {
    let options =
      ["--job-name=\(jobName)", "--array=0-\(shards - 1)", "--cpus-per-task=\(cpusPerTask)"]
      + common + ["--output=\(out)/logs/shard-%a.out"]
    return """
      #!/bin/bash
      \(options.map { "#SBATCH \($0)" }.joined(separator: "\n"))
      # One task per shard of the sweep; written by `accord sweep slurm`.
      set -euo pipefail
      k=${SLURM_ARRAY_TASK_ID:?run this script with sbatch}
      dir=\(shellQuote(out))/shard-$k
      resume=()
      # A rerun (requeued, failed or killed task) continues the shard's own store.
      if [ -e "$dir/sweep.sqlite" ]; then resume=(--resume); fi
      exec \(shellQuote(accord)) sweep run \(shellQuote(sweep)) --shard "$k/\(shards)" \\
        --jobs "${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}" --out "$dir" "${resume[@]}"

      """
  }

  package var mergeScript: String {
    let options =
      ["--job-name=\(jobName)-merge", "--cpus-per-task=1"] + common
      + ["--output=\(out)/logs/merge.out"]
    return """
      #!/bin/bash
      \(options.map { "#SBATCH \($0)" }.joined(separator: "\n"))
      # Merges the shards into OUT/merged; submit.sh makes it wait for every shard (afterok).
      set -euo pipefail
      dirs=()
      for k in $(seq 0 \(shards - 1)); do dirs+=(\(shellQuote(out))/shard-$k); done
      exec \(shellQuote(accord)) sweep merge "${dirs[@]}" --out \(shellQuote(out))/merged

      """
  }

  package var submitScript: String {
    """
    #!/bin/bash
    # Submits the shard array, then the merge job to run after all shards succeed.
    set -euo pipefail
    cd \(shellQuote(out))
    mkdir -p logs
    array=$(sbatch --parsable shards.sbatch)
    array=${array%%;*}
    merge=$(sbatch --parsable --dependency=afterok:$array merge.sbatch)
    merge=${merge%%;*}
    echo "shards: job $array (array 0-\(shards - 1)); merge: job $merge, after all shards succeed"
    echo "$array $merge" > jobs.txt

    """
  }

  package var readme: String {
    """
    # Sweep on Slurm: \(jobName)

    Written by `accord sweep slurm` for `\(sweep)`, cut into \(shards) shards.

    | file | what it is |
    |---|---|
    | `shards.sbatch` | a job array, one task per shard: `accord sweep run --shard K/\(shards)` into `shard-K/` |
    | `merge.sbatch` | merges `shard-0/` ... `shard-\(shards - 1)/` into `merged/sweep.sqlite` |
    | `submit.sh` | submits both; the merge waits for every shard (`--dependency=afterok`) |

    Submit:

        bash \(out)/submit.sh

    Monitor:

        squeue -u $USER                      # pending and running tasks
        sacct -j <array job id> --format=JobID,State,Elapsed,ExitCode
        accord sweep status \(out)/shard-3   # runs done in one shard
        tail -f \(out)/logs/shard-3.out

    If a shard fails or is killed, resubmit that task alone; it resumes its own store:

        sbatch --array=3 \(out)/shards.sbatch

    then submit the merge (`sbatch \(out)/merge.sbatch`) if it was cancelled. The merge
    refuses shards from different sweep files or accord versions, and names any run that
    is missing or held twice; it never writes a partial store. The merged store equals,
    row by row, the store of the same sweep run on one machine.

    Afterwards:

        accord sweep summarize \(out)/merged
        accord export \(out)/merged --table runs --to csv --out runs.csv

    """
  }
}

/// `text` quoted for bash.
func shellQuote(_ text: String) -> String {
  "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
