//! `oktui completions` and `oktui man`: bash sources the script, registers it for `oktui` and
//! completes subcommands; the other shells' scripts and the manual page name the commands.

use crate::run::{oktui, Home};

#[tokio::test]
async fn the_bash_script_completes_subcommands_once_sourced() {
    let home = Home::new();
    let run = oktui(&home, &["completions", "bash"], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let script = home.file("oktui.bash", &run.stdout, 0o600);
    // Source it, show the registration, then complete `oktui lo` with the function it names.
    let probe = format!(
        r#"source '{}' || exit 3
complete -p oktui || exit 4
f=$(complete -p oktui | sed -n 's/.*-F \([^ ]*\).*/\1/p')
COMP_WORDS=(oktui lo); COMP_CWORD=1; COMP_LINE='oktui lo'; COMP_POINT=${{#COMP_LINE}}
"$f" oktui lo oktui
printf 'reply:%s\n' "${{COMPREPLY[@]}}"
COMP_WORDS=(oktui investigate --ca); COMP_CWORD=2; COMP_LINE='oktui investigate --ca'; COMP_POINT=${{#COMP_LINE}}
"$f" oktui --ca investigate
printf 'flag:%s\n' "${{COMPREPLY[@]}}""#,
        script.display()
    );
    let out = std::process::Command::new("bash").args(["--norc", "--noprofile", "-c", &probe]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.lines().any(|l| l.starts_with("complete ") && l.contains(" -F ") && l.ends_with(" oktui")),
        "{stdout}"
    );
    let replies: Vec<&str> = stdout.lines().filter_map(|l| l.strip_prefix("reply:")).collect();
    assert!(replies.contains(&"logs"), "`oktui lo` offers logs: {stdout}");
    assert!(replies.iter().all(|r| r.starts_with("lo")), "only what starts with lo: {replies:?}");
    let flags: Vec<&str> = stdout.lines().filter_map(|l| l.strip_prefix("flag:")).collect();
    assert!(flags.contains(&"--case"), "`oktui investigate --ca` offers --case: {stdout}");
}

#[tokio::test]
async fn zsh_and_fish_scripts_and_the_manual_page_name_the_commands() {
    let home = Home::new();
    for shell in ["zsh", "fish"] {
        let run = oktui(&home, &["completions", shell], &[]).await;
        assert_eq!(run.code, 0, "{}", run.stderr);
        for word in ["logs", "investigate", "completions"] {
            assert!(run.stdout.contains(word), "{shell} names {word}");
        }
    }
    let run = oktui(&home, &["completions", "tcsh"], &[]).await;
    assert_eq!(run.code, 2, "an unknown shell is a usage error: {}", run.stderr);
    let man = oktui(&home, &["man"], &[]).await;
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(man.stdout.contains(".TH oktui 1"), "{}", &man.stdout[..man.stdout.len().min(300)]);
    for word in ["investigate", "mfa\\-gaps", "completions"] {
        assert!(man.stdout.contains(word), "the manual page names {word}");
    }
}
