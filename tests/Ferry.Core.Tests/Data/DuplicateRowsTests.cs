using Ferry.Core.Data;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Data;

public sealed class DuplicateRowsTests
{
    private static DataTable Table(string csv)
    {
        using var files = new TestFiles();
        return TableLoader.Load(files.Write("t.csv", csv));
    }

    [Fact]
    public void DropDuplicates_KeepsFirstCopyOfEachExactRow()
    {
        var table = Table("a,b\n1,x\n2,y\n1,x\n1,y\n2,y\n");

        Assert.Equal([0, 1, 3], DuplicateRows.Drop(table, [0, 1, 2, 3, 4]));
    }

    [Fact]
    public void DropDuplicates_DroppedIdentifierDiffers_KeepsBothRows()
    {
        using var files = new TestFiles();
        var path = files.Write("t.csv", "id,a,b\nc1,1,x\nc2,1,x\nc1,1,x\n,1,x\nc3,2,y\n,1,x\n");
        var table = TableLoader.Load(new DataSpec(path), files.Directory, new LoadOptions { Drop = new HashSet<string> { "id" } }, CancellationToken.None);

        Assert.Equal(2, table.Columns.Count);
        Assert.Equal([0, 1, 3, 4], DuplicateRows.Drop(table, [0, 1, 2, 3, 4, 5]));
    }
}
