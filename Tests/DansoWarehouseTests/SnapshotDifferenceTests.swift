import DansoPostgres
import DansoWarehouse
import Foundation
import Testing

/// The month-end snapshot kept by its differences (migration 0021) must be, row for row, the
/// snapshot a recount from the register gives: after every file, after link decisions, and
/// after a snapshot that had gone wrong.
@Suite struct SnapshotDifferenceTests {
    typealias LegacyWorld = IndicatorMartTests.LegacyWorld

    /// Rows of the snapshot that the refreshes left and a recount (dw.refresh_all) does not
    /// give, or the reverse; the snapshot is the recount's afterwards.
    static func differenceFromRecount(_ w: WarehouseFixture) throws -> Int {
        let population = "month_end_date_key, register_commune_key, commune_key, sex_key, age_key, marital_status_key, residence_key, ethnicity_key, contraceptive_method_key, people"
        let households = "month_end_date_key, register_commune_key, commune_key, households, residents"
        try w.connection.execute(unsafeSQL: """
            drop table if exists kept_population, kept_households;
            create temp table kept_population as select \(population) from dw.fact_population_month_end;
            create temp table kept_households as select \(households) from dw.fact_household_month_end
            """)
        _ = try w.connection.query("select dw.refresh_all()")
        return try w.scalar(PostgresQuery(unsafeSQL: """
            select (select count(*) from ((select \(population) from kept_population
                                           except all select \(population) from dw.fact_population_month_end)
                                          union all
                                          (select \(population) from dw.fact_population_month_end
                                           except all select \(population) from kept_population)) d)
                 + (select count(*) from ((select \(households) from kept_households
                                           except all select \(households) from dw.fact_household_month_end)
                                          union all
                                          (select \(households) from dw.fact_household_month_end
                                           except all select \(households) from kept_households)) d)
            """))
    }

    /// Links the smallest identities of two communes resident on `day` (a the smaller, then b).
    static func linkTwoResidentsOfTwoCommunes(_ w: WarehouseFixture, on day: String) throws -> (a: String, b: String) {
        let pair = try w.connection.query("""
            select min(person_id) as a, max(person_id) as b from (
                select distinct on (s.commune_key) s.person_id from registry.person_state s
                where s.superseded_at is null and s.residence in (1, 2)
                  and s.valid_from <= \(day)::date and s.valid_to > \(day)::date
                order by s.commune_key, s.person_id limit 2) p
            """).first!
        let (a, b) = (pair["a"]!, pair["b"]!)
        try w.connection.execute(unsafeSQL: "insert into registry.person_cluster values (\(a), \(a)), (\(b), \(a))")
        return (a, b)
    }

    static func refresh(_ w: WarehouseFixture) throws {
        _ = try w.connection.query("select dw.refresh_month_end(null, '-infinity', 'infinity')")
    }

    @Test func afterEveryFileTheSnapshotIsTheRecountsRowForRow() throws {
        var checked = 0
        var waiting = 0
        var recounts = 0
        let w = try MartWorld.build(register: LegacyWorld.register, asOf: LegacyWorld.asOf, files: LegacyWorld.files) { w, _, _ in
            // Small files: every change is added up, nothing is counted again.
            recounts += try w.scalar("select count(*) from staging.snapshot_recount")
            try Self.refresh(w)
            waiting += try w.scalar("select (select count(*) from staging.snapshot_change) + (select count(*) from staging.snapshot_recount)")
            #expect(try Self.differenceFromRecount(w) == 0)
            checked += 1
        }
        #expect(checked == 3 + LegacyWorld.files.count)
        #expect(waiting == 0)
        #expect(recounts == 0)
        #expect(try w.scalar("select count(distinct month_end_date_key) from dw.fact_household_month_end") == 13)
        #expect(try w.scalar("select count(*) from dw.fact_problems()") == 0)
    }

    /// Late reports and corrections months back change month ends already built (the ingest
    /// refreshes after each file): their cells are written again, and still equal a recount.
    @Test func lateReportsAndCorrectionsChangeBuiltMonthEnds() throws {
        var checked = 0
        let files = LegacyWorld.files + IndicatorMartTests.lateAndCorrectedFiles
        let w = try MartWorld.build(register: LegacyWorld.register, asOf: LegacyWorld.asOf, files: files) { w, _, _ in
            let difference = try Self.differenceFromRecount(w)
            #expect(difference == 0)
            checked += 1
        }
        #expect(checked == 3 + files.count)
        #expect(try w.scalar("select count(distinct month_end_date_key) from dw.fact_household_month_end") == 14)
    }

    /// A change back in time to someone counted in a cell of several people amends the month
    /// end already built in place (migration 0030): of their commune's cells only the two the
    /// person moves between are written, and the snapshot still equals a recount.
    @Test func aChangeBackInTimeAmendsOnlyTheCellsItMoves() throws {
        // Twin brothers: one cell of two people at the end of December 2023.
        let register = [(MartWorld.tanLap, ["1,T1,1,Nguyễn Văn An,1,1,10/05/1990,01,2,1,",
                                             "1,T1,2,Trần Thị Bình,2,2,03/1994,01,2,1,1",
                                             "1,T1,3,Nguyễn Văn Phúc,3,1,01/06/2015,01,,1,",
                                             "1,T1,4,Nguyễn Văn Lộc,3,1,01/06/2015,01,,1,"])]
        let w = try MartWorld.build(register: register, asOf: "31/12/2023", files: [])
        try Self.refresh(w)
        let cellOf = { (state: String, residence: String) in """
            f.month_end_date_key = 20231231 and f.register_commune_key = s.commune_key and f.sex_key = s.sex
            and f.residence_key = \(residence) and f.ethnicity_key = s.ethnicity::smallint
            and f.marital_status_key = coalesce(s.marital_status, -1)
            and f.contraceptive_method_key = coalesce(s.contraceptive_method, -1)
            and f.age_key = greatest(0, least(120, (20231231 - dw.month_end_birth_key(s.birth_date)) / 10000))
            and s.person_state_id = \(state)
            """ }
        let state = try #require(try w.connection.query("""
            select min(s.person_state_id) as id from registry.person_state s
            join registry.person p on p.person_id = s.person_id where p.member_no = 4 and s.superseded_at is null
            """).first?["id"])
        #expect(try w.scalar(PostgresQuery(unsafeSQL: """
            select f.people from dw.fact_population_month_end f, registry.person_state s where \(cellOf(state, "s.residence"))
            """)) == 2)
        try w.connection.execute(unsafeSQL: """
            create temp table cells_before as
            select f.*, f.xmin::text as version from dw.fact_population_month_end f where f.month_end_date_key = 20231231
            """)
        #expect(try w.scalar("select count(*) from cells_before") == 3)

        // One twin's residence corrected from the start: usual → temporary.
        try w.connection.execute(unsafeSQL: "update registry.person_state set residence = 2 where person_state_id = \(state)")
        try Self.refresh(w)
        #expect(try w.scalar("select count(*) from staging.snapshot_recount") == 0)
        // The cell of two lost one (updated), a new cell has him (added); the parents' cells
        // are not written again.
        #expect(try w.scalar(PostgresQuery(unsafeSQL: """
            select f.people from dw.fact_population_month_end f, registry.person_state s where \(cellOf(state, "1"))
            """)) == 1)
        #expect(try w.scalar(PostgresQuery(unsafeSQL: """
            select f.people from dw.fact_population_month_end f, registry.person_state s where \(cellOf(state, "2"))
            """)) == 1)
        #expect(try w.scalar("""
            select count(*) from dw.fact_population_month_end f
            where f.month_end_date_key = 20231231
              and f.xmin::text in (select b.version from cells_before b)
            """) == 2)
        #expect(try Self.differenceFromRecount(w) == 0)
    }

    @Test func linkingAndUnlinkingTwoIdentitiesRecountsTheirCommunes() throws {
        let w = try MartWorld.build(register: LegacyWorld.register, asOf: LegacyWorld.asOf, files: LegacyWorld.files)
        try Self.refresh(w)
        let before = try w.scalar("select sum(people) from dw.fact_population_month_end where month_end_date_key = 20240630")
        // Two identities of two communes, both resident at the end of June, made one person.
        let (a, _) = try Self.linkTwoResidentsOfTwoCommunes(w, on: "2024-06-30")
        #expect(try w.scalar("select count(distinct commune_key) from staging.snapshot_recount") == 2)
        try Self.refresh(w)
        #expect(try w.scalar("select sum(people) from dw.fact_population_month_end where month_end_date_key = 20240630") == before - 1)
        #expect(try Self.differenceFromRecount(w) == 0)

        try w.connection.execute(unsafeSQL: "delete from registry.person_cluster where cluster_id = \(a)")
        try Self.refresh(w)
        #expect(try w.scalar("select sum(people) from dw.fact_population_month_end where month_end_date_key = 20240630") == before)
        #expect(try Self.differenceFromRecount(w) == 0)
    }

    /// Changes of linked identities are added up as the difference of their cluster's counted
    /// row (migration 0024), not recounted: the smaller identity counts while it is resident,
    /// the other once it has left, nobody once both have gone.
    @Test func changesOfLinkedIdentitiesAreAddedUpAsTheirClustersDifference() throws {
        let w = try MartWorld.build(register: LegacyWorld.register, asOf: LegacyWorld.asOf, files: LegacyWorld.files)
        try Self.refresh(w)
        let june = "select sum(people) from dw.fact_population_month_end where month_end_date_key = 20240630"
        let before = try w.scalar(PostgresQuery(unsafeSQL: june))
        let pair = try w.connection.query("""
            select min(person_id) as a, max(person_id) as b from (
                select distinct on (s.commune_key) s.person_id from registry.person_state s
                where s.superseded_at is null and s.residence in (1, 2) and s.valid_to = 'infinity'
                  and s.valid_from <= '2024-03-31'
                order by s.commune_key, s.person_id limit 2) p
            """).first!
        let (a, b) = (pair["a"]!, pair["b"]!)
        try w.connection.execute(unsafeSQL: "insert into registry.person_cluster values (\(a), \(a)), (\(b), \(a))")
        try Self.refresh(w)
        #expect(try Self.differenceFromRecount(w) == 0)
        #expect(try w.scalar(PostgresQuery(unsafeSQL: june)) == before - 1)

        let open = "superseded_at is null and valid_to = 'infinity'"
        let steps = [
            // a's marital status changes on 10 April: a new state from that day.
            """
            create temp table next_state as select * from registry.person_state where person_id = \(a) and \(open);
            update registry.person_state set valid_to = '2024-04-10', end_reason = 'changed' where person_id = \(a) and \(open);
            insert into registry.person_state (person_id, valid_from, valid_to, commune_key, household_id, member_no, full_name,
                sex, birth_year, birth_month, birth_day, birth_date, ethnicity, education, marital_status, residence,
                contraceptive_method, relationship, personal_number, health_card, batch_id, line_no)
            select person_id, '2024-04-10', valid_to, commune_key, household_id, member_no, full_name, sex, birth_year,
                   birth_month, birth_day, birth_date, ethnicity, education,
                   case when coalesce(marital_status, 1) = 2 then 1 else 2 end, residence, contraceptive_method,
                   relationship, personal_number, health_card, batch_id, line_no
            from next_state;
            drop table next_state
            """,
            // a leaves on 20 May: b counts from the end of May.
            "update registry.person_state set valid_to = '2024-05-20', end_reason = 'moved_out' where person_id = \(a) and \(open)",
            // b dies on 5 June: neither counts at the end of June.
            "update registry.person_state set valid_to = '2024-06-05', end_reason = 'death' where person_id = \(b) and \(open)",
        ]
        for (n, step) in steps.enumerated() {
            try w.connection.execute(unsafeSQL: step)
            #expect(try w.scalar("select count(*) from staging.snapshot_change where person_id in (\(a), \(b))") > 0)
            #expect(try w.scalar("select count(*) from staging.snapshot_recount") == 0)
            try Self.refresh(w)
            #expect(try w.scalar(PostgresQuery(unsafeSQL: june)) == before - (n < 2 ? 1 : 2), "step \(n + 1)")
            #expect(try Self.differenceFromRecount(w) == 0, "step \(n + 1)")
        }
    }

    @Test func aSnapshotThatWentWrongIsCountedAgain() throws {
        let w = try MartWorld.build(register: LegacyWorld.register, asOf: LegacyWorld.asOf, files: LegacyWorld.files)
        try Self.refresh(w)
        // Someone counted alone under their key at the end of June, taken away twice: a count
        // below zero. Added up as it comes, the cell would lose that person; counted again, it
        // keeps them.
        try w.connection.execute(unsafeSQL: """
            insert into staging.snapshot_change (sign, person_id, commune_key, household_id, valid_from, valid_to, sex,
                                                 birth_key, marital_status, residence, ethnicity, method)
            select -1, 0, f.register_commune_key, 0, date '2024-06-30', date '2024-07-01', f.sex_key,
                   f.month_end_date_key - f.age_key * 10000, f.marital_status_key, f.residence_key, f.ethnicity_key,
                   f.contraceptive_method_key
            from (select * from dw.fact_population_month_end
                  where month_end_date_key = 20240630 and people = 1 and age_key < 120 limit 1) f
            cross join generate_series(1, 2)
            """)
        #expect(try w.scalar("select count(*) from staging.snapshot_change") == 2)
        let june = "select sum(people) from dw.fact_population_month_end where month_end_date_key = 20240630"
        let before = try w.scalar(PostgresQuery(unsafeSQL: june))
        try Self.refresh(w)
        #expect(try w.scalar("select count(*) from staging.snapshot_change") == 0)
        #expect(try w.scalar(PostgresQuery(unsafeSQL: june)) == before)
        #expect(try Self.differenceFromRecount(w) == 0)
    }
}
