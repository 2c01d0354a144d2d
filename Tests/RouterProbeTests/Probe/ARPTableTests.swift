import Addressing
@testable import ProbePackets
@testable import RouterProbe
import Testing
import VPNCore

@Suite struct ARPTableTests {
    @Test func completeEntriesAreReadAndTheRestSkipped() {
        let text = """
        IP address       HW type     Flags       HW address            Mask     Device
        198.18.0.1       0x1         0x2         02:AA:bb:cc:dd:ee     *        eth0
        198.18.0.7       0x1         0x0         00:00:00:00:00:00     *        eth0
        198.18.0.9       0x1         0x2         not-a-mac             *        eth0
        garbage
        """
        let table = ARPTable(parsing: text)
        #expect(table.entries == [IPv4Address("198.18.0.1")!: "02:aa:bb:cc:dd:ee"])
    }

    @Test func emptyOrHeaderOnlyTextGivesNoEntries() {
        #expect(ARPTable(parsing: "").entries.isEmpty)
        #expect(ARPTable(parsing: "IP address HW type Flags HW address Mask Device\n").entries.isEmpty)
    }
}
