//! The memberships behind the pane's totals by group: the largest groups but `Everyone`,
//! their members exactly as the sim holds them, at a bounded cost in requests.

use oktui::mfa::groups::{largest_groups, MAX_GROUPS};

use crate::common::{small_config, start};
use crate::truth::client;

#[tokio::test]
async fn the_largest_groups_members_are_read_and_nothing_more() {
    let sim = start(small_config(300)).await;
    let groups = largest_groups(&client(&sim)).await.unwrap();

    let org = sim.state().org();
    let mut expected: Vec<_> = org.groups.iter().filter(|g| g.group_type != "BUILT_IN").collect();
    assert!(expected.len() > MAX_GROUPS, "the org has more groups than are read");
    expected.sort_by(|a, b| b.member_ids.len().cmp(&a.member_ids.len()).then_with(|| a.name.cmp(&b.name)));
    expected.truncate(MAX_GROUPS);
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, expected.iter().map(|g| g.name.as_str()).collect::<Vec<_>>());
    assert!(!names.contains(&"Everyone"));
    for (got, want) in groups.iter().zip(&expected) {
        let mut ids = got.member_ids.clone();
        ids.sort();
        let mut members = want.member_ids.clone();
        members.sort();
        assert_eq!(ids, members, "{}", want.name);
        assert!(got.complete, "{}", want.name);
    }
    drop(org);

    let requests = sim.state().requests.all();
    let lists = requests.iter().filter(|r| r.path() == "/api/v1/groups").count();
    let member_pages =
        requests.iter().filter(|r| r.path().ends_with("/users") && r.path().contains("/groups/")).count();
    assert_eq!((lists, member_pages), (1, MAX_GROUPS), "one group list page, one members page per group");
}
