using CarbonAttrs.Ledger;

namespace CarbonAttrs.Tests.Ledger;

public class CsvFormatTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("+1", "'+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("", "")]
    public void Text_quotes_and_defuses(string input, string expected) => Assert.Equal(expected, CsvFormat.Text(input));

    [Fact]
    public void Written_fields_read_back_unchanged()
    {
        var values = new[] { "a,b", "quote \" inside", "line\r\nbreak", "{\"lr\":0.1,\"name\":\"x,y\"}", "" };
        var line = CsvFormat.Line(values.Select(CsvFormat.Text)) + "\n" + CsvFormat.Line(new[] { "1", "2" }) + "\n";

        var records = CsvFormat.ReadRecords(new StringReader(line)).ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal(values, records[0].Fields);
        Assert.Equal(new[] { "1", "2" }, records[1].Fields);
        Assert.Equal(1, records[0].Line);
        Assert.Equal(3, records[1].Line); // the quoted line break moved the second record down
    }

    [Fact]
    public void A_torn_last_record_is_reported_incomplete()
    {
        var records = CsvFormat.ReadRecords(new StringReader("a,b\n1,\"unterminated")).ToList();

        Assert.True(records[0].Complete);
        Assert.False(records[1].Complete);
    }

    [Fact]
    public void Header_has_every_codecarbon_column_first_then_ours()
    {
        // CodeCarbon 3.3.0's 38 columns in its order (codecarbon/output_methods/emissions_data.py), then ours.
        var codeCarbon = "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,cpu_utilization_percent,gpu_utilization_percent,ram_utilization_percent,ram_used_gb,on_cloud,pue,wue";
        const string ours = "method,status,parent_run_id,calls,hyperparameters,result,flops,samples,cpu_energy_source,gpu_energy_source,ram_energy_source,intensity_g_per_kwh,intensity_source,host,rank,job_id,carbonattrs_version";
        Assert.Equal(38, codeCarbon.Split(',').Length);
        Assert.Equal(codeCarbon + "," + ours, LedgerColumns.Header);
    }
}
