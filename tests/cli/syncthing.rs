//! End to end through a real sync engine (issue 25): two Syncthing instances on 127.0.0.1
//! (discovery, relays, NAT and global announce off; listening and GUI/API on loopback ports
//! with an API key), each holding the team folder of one computer. Two officers and one
//! officer's second computer edit, save and merge through the synced folder with the command
//! line, a sync conflict copy of the laptop's own copy is forced (a clone of the laptop, its
//! installation and all, writes the same copy while the two instances cannot reach each other)
//! and merged and removed, and every casebook ends with the same content.
//!
//! Skipped, saying so, when `syncthing` is not installed (`.ci/run` installs it).

use super::path_str;
use super::team::{binary, export, ok, shared_casebook};
use casedesk::domain::stamps::BookStamps;
use casedesk::domain::{Case, Casebook, Person};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The content two copies must agree on: cases and people by id, and the stamps (settings are
/// each officer's own).
pub fn contents(book: &Casebook) -> (Vec<Case>, Vec<Person>, BookStamps) {
    let mut cases = book.cases().to_vec();
    cases.sort_by_key(|c| c.id.0);
    let mut people = book.people().to_vec();
    people.sort_by_key(|p| p.id.0);
    (cases, people, book.stamps().clone())
}

/// The whole test's bound: Syncthing stopped, and the test failed, past it.
const LIMIT: Duration = Duration::from_secs(90);

/// One Syncthing instance: where it keeps its keys and configuration, its ports, its device
/// id, the folder it syncs, and, once started, its process.
struct Instance {
    child: Option<Child>,
    home: PathBuf,
    gui: u16,
    listen: u16,
    id: String,
    folder: PathBuf,
}

/// Stops every instance when the test ends, however it ends.
struct Instances(Vec<Instance>);

impl Drop for Instances {
    fn drop(&mut self) {
        for child in self.0.iter_mut().filter_map(|i| i.child.as_mut()) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

const API_KEY: &str = "casedesk-test-key";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP request to an instance's REST API; the response's body.
fn api(instance: &Instance, method: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", instance.gui)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {API_KEY}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.1 200").then(|| body.to_string())
}

fn wait_until(what: &str, started: Instant, mut done: impl FnMut() -> bool) {
    while !done() {
        assert!(started.elapsed() < LIMIT, "gave up waiting: {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn config(me: &Instance, other: &Instance) -> String {
    format!(
        r#"<configuration version="36">
    <folder id="team" label="team" path="{folder}" type="sendreceive" rescanIntervalS="3600" fsWatcherEnabled="false" ignorePerms="false" autoNormalize="true">
        <device id="{me}"></device>
        <device id="{other}"></device>
        <markerName>.stfolder</markerName>
        <maxConflicts>10</maxConflicts>
    </folder>
    <device id="{me}" name="{me_name}" compression="metadata"><address>dynamic</address></device>
    <device id="{other}" name="{other_name}" compression="metadata"><address>tcp://127.0.0.1:{other_port}</address></device>
    <gui enabled="true" tls="false"><address>127.0.0.1:{gui}</address><apikey>{API_KEY}</apikey></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{listen}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <startBrowser>false</startBrowser>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <reconnectionIntervalS>1</reconnectionIntervalS>
    </options>
</configuration>
"#,
        folder = me.folder.display(),
        me = me.id,
        other = other.id,
        me_name = me.home.file_name().unwrap().to_string_lossy(),
        other_name = other.home.file_name().unwrap().to_string_lossy(),
        other_port = other.listen,
        gui = me.gui,
        listen = me.listen,
    )
}

/// Two instances sharing the folder `team` of each of their homes, started and connected.
fn start(dir: &Path, started: Instant) -> Instances {
    let mut made = Vec::new();
    for name in ["one", "two"] {
        let home = dir.join(format!("syncthing-{name}"));
        let generated = Command::new("syncthing")
            .arg(format!("-generate={}", home.display()))
            .env("STNODEFAULTFOLDER", "1")
            .output()
            .unwrap();
        assert!(generated.status.success(), "{generated:?}");
        let id = Command::new("syncthing")
            .arg(format!("-home={}", home.display()))
            .arg("-device-id")
            .output()
            .unwrap();
        let folder = dir.join(format!("team-{name}"));
        std::fs::create_dir_all(folder.join(".stfolder")).unwrap();
        made.push((
            home,
            String::from_utf8_lossy(&id.stdout).trim().to_string(),
            folder,
        ));
    }
    let mut instances = Instances(
        made.into_iter()
            .map(|(home, id, folder)| Instance {
                child: None,
                home,
                gui: free_port(),
                listen: free_port(),
                id,
                folder,
            })
            .collect(),
    );
    for (me, other) in [(0, 1), (1, 0)] {
        let text = config(&instances.0[me], &instances.0[other]);
        let instance = &mut instances.0[me];
        std::fs::write(instance.home.join("config.xml"), text).unwrap();
        instance.child = Some(
            Command::new("syncthing")
                .arg(format!("-home={}", instance.home.display()))
                .args(["-no-browser", "-no-restart", "-no-upgrade"])
                .env("STNOUPGRADE", "1")
                .env("STNODEFAULTFOLDER", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
    }
    for (me, other) in [(0, 1), (1, 0)] {
        let other_id = instances.0[other].id.clone();
        wait_until("the two instances connect", started, || {
            api(&instances.0[me], "GET", "/rest/system/connections").is_some_and(|body| {
                let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                json["connections"][&other_id]["connected"] == true
            })
        });
    }
    instances
}

/// The visible files of a folder and their bytes.
fn files(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !n.starts_with('~'))
        .map(|n| {
            let bytes = std::fs::read(folder.join(&n)).unwrap_or_default();
            (n, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Has both instances look at their folders, then waits until both hold the same files.
fn synced(instances: &Instances, started: Instant) {
    wait_until("the two folders agree", started, || {
        for instance in &instances.0 {
            api(instance, "POST", "/rest/db/scan?folder=team");
        }
        std::thread::sleep(Duration::from_millis(300));
        files(&instances.0[0].folder) == files(&instances.0[1].folder)
    });
}

fn names(folder: &Path) -> Vec<String> {
    files(folder).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn two_officers_and_a_second_computer_converge_through_syncthing() {
    if Command::new("syncthing").arg("-version").output().is_err() {
        eprintln!("skipped: syncthing is not installed (apt-get install syncthing)");
        return;
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let instances = start(dir.path(), started);
    let (team_one, team_two) = (instances.0[0].folder.clone(), instances.0[1].folder.clone());
    let base = super::team::demo(dir.path(), "20");
    // The laptop of A. Shaw syncs with instance one; her desktop and S. Qureshi's computer
    // with instance two.
    let computer = |name: &str| dir.path().join(format!("computer-{name}"));
    let people = [
        ("laptop", &team_one, "A. Shaw", "NCA", "EI-2026-0001"),
        ("desktop", &team_two, "A. Shaw", "NCA", "EI-2026-0002"),
        ("qureshi", &team_two, "S. Qureshi", "FIA", "EI-2026-0003"),
    ];
    let book = |name: &str| dir.path().join(format!("{name}.ron"));
    for (name, team, officer, agency, _) in people {
        shared_casebook(
            binary,
            &computer(name),
            &book(name),
            &base,
            team,
            officer,
            agency,
        );
    }
    for (name, _, _, _, reference) in people {
        export(
            binary,
            &computer(name),
            &book(name),
            reference,
            &dir.path().join("out.md"),
        );
    }
    synced(&instances, started);
    assert_eq!(names(&team_one).len(), 3, "{:?}", names(&team_one));

    // A clone of the laptop (restored from a backup image, its installation and all) writes
    // the laptop's copy on instance two's side while the instances cannot reach each other;
    // the laptop writes it on instance one's: Syncthing keeps one as a conflict copy.
    for (me, other) in [(0, 1), (1, 0)] {
        let other_id = instances.0[other].id.clone();
        api(
            &instances.0[me],
            "POST",
            &format!("/rest/system/pause?device={other_id}"),
        )
        .expect("paused");
    }
    let clone = computer("laptop-clone");
    copy_dir(&computer("laptop"), &clone);
    std::fs::copy(book("laptop"), book("laptop-clone")).unwrap();
    ok(
        binary,
        &clone,
        &[
            "team-folder",
            path_str(&book("laptop-clone")),
            path_str(&team_two),
        ],
    );
    export(
        binary,
        &clone,
        &book("laptop-clone"),
        "EI-2026-0004",
        &dir.path().join("out.md"),
    );
    std::thread::sleep(Duration::from_millis(1100));
    export(
        binary,
        &computer("laptop"),
        &book("laptop"),
        "EI-2026-0005",
        &dir.path().join("out.md"),
    );
    for instance in &instances.0 {
        api(instance, "POST", "/rest/db/scan?folder=team");
    }
    for (me, other) in [(0, 1), (1, 0)] {
        let other_id = instances.0[other].id.clone();
        api(
            &instances.0[me],
            "POST",
            &format!("/rest/system/resume?device={other_id}"),
        )
        .expect("resumed");
    }
    synced(&instances, started);
    let conflicts = |folder: &Path| {
        names(folder)
            .into_iter()
            .filter(|n| n.contains(".sync-conflict-"))
            .collect::<Vec<_>>()
    };
    // Syncthing's (the clone, bound anew, also kept the laptop's copy it found there beside:
    // Casedesk's own conflict copy, `-CASEDESK`).
    let by_syncthing = conflicts(&team_one)
        .into_iter()
        .filter(|n| !n.ends_with("-CASEDESK.ron"))
        .count();
    assert_eq!(by_syncthing, 1, "{:?}", names(&team_one));

    // Each merges what its folder holds, round after round, until nothing changes.
    let mut rounds = 0;
    loop {
        rounds += 1;
        for (name, _, _, _, _) in people {
            ok(
                binary,
                &computer(name),
                &["team-folder", path_str(&book(name)), "--merge"],
            );
            synced(&instances, started);
        }
        let books: Vec<Casebook> = people
            .iter()
            .map(|(name, ..)| casedesk::store::load(&book(name)).unwrap())
            .collect();
        let same = books.windows(2).all(|w| contents(&w[0]) == contents(&w[1]));
        if same && conflicts(&team_one).is_empty() {
            for reference in [
                "EI-2026-0001",
                "EI-2026-0002",
                "EI-2026-0003",
                "EI-2026-0004",
                "EI-2026-0005",
            ] {
                let case = books[0].case_by_reference(reference).unwrap();
                assert!(
                    case.history()
                        .iter()
                        .any(|e| matches!(e.kind, casedesk::domain::EventKind::Disclosed { .. })),
                    "{reference} lost its export"
                );
            }
            break;
        }
        assert!(
            rounds < 6,
            "no agreement after {rounds} rounds: {:?}",
            names(&team_one)
        );
    }
    drop(instances);
    eprintln!(
        "converged through Syncthing in {rounds} round(s), {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}
