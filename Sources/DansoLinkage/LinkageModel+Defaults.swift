extension LinkageModel {
    /// Hand-set values for Vietnamese registers, until EM has been run on real data.
    ///
    /// - λ = 10⁻⁶: a slip's subject looked up in a province register of about a million
    ///   people has one true match. A register's own duplicates are rarer: re-estimate λ
    ///   (``ExpectationMaximisation``) before reading `probability` literally there.
    /// - name: u from how concentrated names are (a third of people are Nguyễn, Thị and
    ///   Văn are most middle names, a few dozen given names a generation and sex): two
    ///   strangers share a full name about 8 in 10,000 times. m: registers copy names
    ///   well; most disagreements are tone marks, a dropped middle name, one letter; a name
    ///   without its given name is rare on both sides (a birth reported before the naming).
    /// - personal number: unique by law, so agreeing by chance is about 10⁻⁶; a key-entry
    ///   error (one digit, two swapped) stays strong evidence. About 44 % of records lack
    ///   one; strangers then differ in having one far more often (2p(1 − p)) than one
    ///   person's records (a number left off): −1.2 bits. Both lacking one weighs nothing
    ///   here, although the data gives it about +2 (strangers p², one person p): a source
    ///   without numbers would otherwise raise every pair; the estimate learns it
    ///   (``AnchoredEstimation/estimateMissingNumbers(patterns:model:recordCount:iterations:)``).
    /// - birth date: u from ages spread over ~70 years (1/365 × 1/70 for an exact date); m
    ///   leaves room for partial dates of the elderly and day/month swaps, and little for
    ///   years further apart (what the data itself gave, ``AnchoredEstimation``). A year
    ///   shared with a partial date is a common duplicate (the date left partial) and a rare
    ///   coincidence (a few percent of records are partial); two full dates of one year and
    ///   different months are rarely one person.
    /// - sex: a coin for strangers, rarely miscoded for one person.
    /// - household, commune, mother: these restate one another (a mother's children live in
    ///   her household, a household in one commune) and largely restate the birth date
    ///   among twins, while Fellegi–Sunter adds weights as if independent. Their u are
    ///   therefore set far above the chance of random agreement (which would weigh about
    ///   +17, +6 and +19 bits), so that they weigh +6, +4 and +8: together about what a shared
    ///   household alone says. Twins (same mother, household and birth date, different given
    ///   names) then stay below the link threshold, and a child entered twice with a
    ///   one-letter typo is well above it.
    public static let defaults = LinkageModel(
        prior: 1e-6,
        m: [
            .name: [0.80, 0.07, 0.05, 0.04, 0.01, 0.015, 0.005, 0.01],
            .personalNumber: [0.735, 0.015, 0.009, 0.01, 0.166, 0.065],
            .birthDate: [0.80, 0.03, 0.03, 0.125, 0.005, 0.005, 0.005],
            .sex: [0.98, 0.02],
            .household: [0.7, 0.3],
            .commune: [0.85, 0.15],
            .mother: [0.97, 0.03],
        ],
        u: [
            .name: [0.0008, 0.0002, 0.0015, 0.0005, 0.0002, 0.013, 0.01, 0.9738],
            .personalNumber: [6e-7, 6e-6, 1.2e-6, 0.5599922, 0.375, 0.065],
            .birthDate: [4e-5, 1.5e-5, 0.00115, 0.0003, 0.0128, 0.0286, 0.957095],
            .sex: [0.5, 0.5],
            .household: [0.7 / 64, 1 - 0.7 / 64],
            .commune: [0.85 / 16, 1 - 0.85 / 16],
            .mother: [0.97 / 256, 1 - 0.97 / 256],
        ])
}
