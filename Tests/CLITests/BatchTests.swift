import Foundation
// Batches over folders: every input once, atomic outputs across kills, resumable, failures named.
import Lexicon
import RepairKit
import TestSupport
import Testing

@Suite("Batch", .serialized)
struct BatchTests {
    /// A folder of inputs: text files in nested folders with spaces and non-ASCII names.
    func textFolder(count: Int) throws -> URL {
        let root = Paths.temporaryDirectory().appendingPathComponent("in put")
        for i in 0..<count {
            let dir = root.appendingPathComponent(i % 3 == 0 ? "sub dir/ünï" : (i % 3 == 1 ? "a" : ""))
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try "Page \(i) of the govemment.\n".write(
                to: dir.appendingPathComponent("doc \(i).txt"), atomically: true, encoding: .utf8)
        }
        return root
    }

    func outputs(_ dir: URL) -> [String] {
        let e = FileManager.default.enumerator(atPath: dir.path)
        return (e?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    }

    @Test("shards 0..n-1 together cover every input exactly once")
    func shardsPartition() throws {
        let input = try textFolder(count: 23)
        var seen: [String] = []
        for i in 0..<4 {
            let out = Paths.temporaryDirectory()
            let result = try Command.repair([input.path, "-o", out.path, "--shard", "\(i)/4", "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            seen += outputs(out)
        }
        #expect(seen.count == 23, "\(seen)")
        #expect(Set(seen).count == 23, "\(seen)")
        #expect(Set(seen).contains("sub dir/ünï/doc 0.txt.txt"))
    }

    @Test("many workers in one folder: every output lands; only this shard's stale temporary files go")
    func staleTemporaries() throws {
        let input = Paths.temporaryDirectory().appendingPathComponent("flat")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for i in 0..<40 {
            try "Page \(i) of the govemment.\n".write(
                to: input.appendingPathComponent("d\(i).txt"), atomically: true, encoding: .utf8)
        }
        let out = Paths.temporaryDirectory()
        // Left by a killed run: d0's belongs to shard 0 of 2 (sorted: d0, d1, d10, …), d1's to shard 1.
        for name in [".d0.txt.txt.tmp-AbC123", ".d1.txt.txt.tmp-XyZ789"] {
            _ = FileManager.default.createFile(
                atPath: out.appendingPathComponent(name).path, contents: Data("partial".utf8))
        }
        let result = try Command.repair([input.path, "-o", out.path, "--jobs", "16", "--shard", "0/2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains("20 done, 0 skipped (up to date), 0 failed of 20 in shard 0/2"), "\(result.stderr)")
        let hidden = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }
        #expect(hidden == [".d1.txt.txt.tmp-XyZ789"])
    }

    @Test("Shard.select partitions any list, and the environment of Slurm and Kubernetes picks the slice")
    func shardUnit() {
        let items = Array(0..<101)
        var all: [Int] = []
        for i in 0..<7 { all += Shard(index: i, count: 7)!.select(items) }
        #expect(all.sorted() == items)
        #expect(Shard("2/5") == Shard(index: 2, count: 5))
        #expect(Shard("5/5") == nil && Shard("x") == nil)
        #expect(
            Shard.fromEnvironment(
                ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"], shards: nil)
                == Shard(index: 3, count: 4))
        #expect(Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "2"], shards: 8) == Shard(index: 2, count: 8))
        #expect(Shard.fromEnvironment([:], shards: 8) == nil)
    }

    @Test("outputs mirror the tree; the text is repaired; a rerun skips what is done; --force redoes")
    func mirrorAndResume() throws {
        let input = try textFolder(count: 5)
        let out = Paths.temporaryDirectory()
        let first = try Command.repair([input.path, "-o", out.path])
        #expect(first.status == 0)
        #expect(
            outputs(out) == [
                "a/doc 1.txt.txt", "a/doc 4.txt.txt", "doc 2.txt.txt", "sub dir/ünï/doc 0.txt.txt",
                "sub dir/ünï/doc 3.txt.txt",
            ])
        #expect(
            try String(contentsOf: out.appendingPathComponent("a/doc 1.txt.txt"), encoding: .utf8)
                == "Page 1 of the government.\n")
        #expect(first.stderr.contains("5 done, 0 skipped"))
        let again = try Command.repair([input.path, "-o", out.path])
        #expect(again.stderr.contains("0 done, 5 skipped"))
        let forced = try Command.repair([input.path, "-o", out.path, "--force"])
        #expect(forced.stderr.contains("5 done, 0 skipped"))
    }

    @Test("--format json in a batch writes <relative path>.json")
    func batchJSON() throws {
        let input = try textFolder(count: 2)
        let out = Paths.temporaryDirectory()
        let result = try Command.repair([input.path, "-o", out.path, "--format", "json", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []).filter {
            $0.hasSuffix(".json")
        }.sorted()
        #expect(files == ["a/doc 1.txt.json", "sub dir/ünï/doc 0.txt.json"])
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(files[0])))
            as? [String: Any]
        #expect(json?["text"] as? String == "Page 1 of the government.\n")
    }

    @Test("bad files next to good ones: the good are done, each bad one named, exit 1")
    func badFolder() throws {
        let input = try textFolder(count: 3)
        let png = try Data(contentsOf: URL(fileURLWithPath: Paths.page("dfi-article-clean.png")))
        _ = FileManager.default.createFile(atPath: input.appendingPathComponent("empty.png").path, contents: Data())
        _ = FileManager.default.createFile(
            atPath: input.appendingPathComponent("truncated.png").path, contents: png.prefix(4000))
        _ = FileManager.default.createFile(
            atPath: input.appendingPathComponent("notes.png").path, contents: Data("not an image".utf8))
        _ = FileManager.default.createFile(
            atPath: input.appendingPathComponent("latin1.txt").path, contents: Data([0x63, 0x61, 0x66, 0xE9]))
        let out = Paths.temporaryDirectory()
        let result = try Command.repair([input.path, "-o", out.path, "--jobs", "2"])
        #expect(result.status == 1)
        #expect(outputs(out).count == 3)
        let lines = result.stderr.split(separator: "\n")
        for (name, problem) in [
            ("empty.png", "empty file"), ("truncated.png", "corrupt or truncated PNG"), ("notes.png", "not an image"),
            ("latin1.txt", "not valid UTF-8"),
        ] {
            #expect(
                lines.contains { $0.hasPrefix("repair: \(input.path)/\(name): ") && $0.contains(problem) }, "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("empty.png.txt").path))
    }

    /// A folder of page images, slow enough to kill a run in the middle.
    func imageFolder(count: Int) throws -> URL {
        let root = Paths.temporaryDirectory().appendingPathComponent("scans")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let page = Paths.page("g7-action-plan-hard.png")
        for i in 0..<count {
            try FileManager.default.copyItem(atPath: page, toPath: root.appendingPathComponent("p\(i).png").path)
        }
        return root
    }

    func startRepair(_ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Paths.executable("repair"))
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    func waitForOutputs(_ out: URL, atLeast n: Int) {
        let deadline = Date().addingTimeInterval(60)
        while outputs(out).count < n && Date() < deadline { usleep(20_000) }
    }

    /// A batch over `pages` page images, one worker, sent `signal` once its first output exists.
    func interruptedRun(pages: Int, signal: Int32) throws -> (input: URL, out: URL, process: Process) {
        let input = try imageFolder(count: pages)
        let out = Paths.temporaryDirectory()
        let process = try startRepair([input.path, "-o", out.path, "--jobs", "1", "--quiet"])
        waitForOutputs(out, atLeast: 1)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return (input, out, process)
    }

    @Test("a run killed with SIGKILL leaves only complete outputs; the rerun finishes without rewriting them")
    func killAndResume() throws {
        let (input, out, _) = try interruptedRun(pages: 6, signal: SIGKILL)
        let survivors = outputs(out)
        #expect(survivors.count >= 1 && survivors.count < 6)
        let reference = try Command.repair([input.appendingPathComponent("p0.png").path]).stdout
        var stamps: [String: Date] = [:]
        for name in survivors {
            #expect(
                try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8) == reference,
                "\(name) is partial")
            stamps[name] =
                try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)[
                    .modificationDate] as? Date
        }
        let rerun = try Command.repair([input.path, "-o", out.path, "--jobs", "2"])
        #expect(rerun.status == 0)
        #expect(rerun.stderr.contains("\(6 - survivors.count) done, \(survivors.count) skipped"))
        #expect(outputs(out).count == 6)
        for (name, stamp) in stamps {
            #expect(
                try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)[
                    .modificationDate] as? Date == stamp)
        }
        let hidden = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp-") }
        #expect(hidden.isEmpty)
    }

    @Test("Ctrl-C stops cleanly: running files finish, the rest is left for a rerun, exit 130")
    func interrupt() throws {
        let (input, out, process) = try interruptedRun(pages: 8, signal: SIGINT)
        #expect(process.terminationStatus == 130)
        let done = outputs(out).count
        #expect(done >= 1 && done < 8)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp-") }.isEmpty)
        let rerun = try Command.repair([input.path, "-o", out.path, "--quiet"])
        #expect(rerun.status == 0)
        #expect(outputs(out).count == 8)
    }

    @Test("a symbolic link back to a folder is not walked again: each real folder once")
    func symlinkLoop() throws {
        let root = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let sub = root.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "the declaration\n".write(to: sub.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: sub.appendingPathComponent("loop").path, withDestinationPath: root.path)
        let out = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try Command.repair([root.path, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let written =
            FileManager.default.enumerator(atPath: out.path)?.compactMap { $0 as? String }.filter {
                $0.hasSuffix(".txt")
            } ?? []
        #expect(written == ["sub/a.txt.txt"])
    }

    @Test("a folder without -o is a usage error") func folderNeedsOutput() throws {
        let result = try Command.repair([try textFolder(count: 1).path])
        #expect(result.status == 64)
    }
}

@Suite("Batch output folder")
struct BatchOutputFolderTests {
    @Test("an output folder that is a file is a usage error before any work: one line, exit 64")
    func outputIsAFile() throws {
        let root = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try "The govemment.\n".write(to: input.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let file = root.appendingPathComponent("out").path
        _ = FileManager.default.createFile(atPath: file, contents: Data("mine".utf8))
        for output in [file, file + "/below"] {
            let result = try Command.repair([input.path, "-o", output])
            #expect(result.status == 64)
            #expect(result.stderr == "repair: \(file): cannot write: exists and is not a folder\n", "\(result.stderr)")
        }
        #expect(FileManager.default.contents(atPath: file) == Data("mine".utf8))
    }

    @Test("an output folder inside the input folder is never read as input, on the first run or the next")
    func outputInsideInput() throws {
        let input = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: input) }
        try "The govemment.\n".write(to: input.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let out = input.appendingPathComponent("clean")
        for _ in 0..<2 {
            let result = try Command.repair([input.path, "-o", out.path, "--force"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("1 done"), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["a.txt.txt"])
    }
}
