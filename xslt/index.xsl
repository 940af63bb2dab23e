<?xml version="1.0" encoding="UTF-8"?>
<!--
  index.xsl — the page of a batch (gfa batch, issue 9): its summary.xml (an SVRL shell with
  the batch's gfa:totals and one gfa:digest per input) as index.html. Every report with its
  unit, year, status (and why it failed), findings by severity and links to its outputs,
  one row per digest in the order of the document.

  gfa batch hands the digests over in Chinese collation order of their units (ICU "zh",
  pinyin for hanzi) and a slice at a time, so that memory does not grow with the batch:
  $rows = 'apart' makes the page with an HTML comment "gfa:rows" where the rows go, and
  $rows = 'only' the rows of the document's digests; the default makes the whole page.

  What the digests carry was made safe by gfa batch: names that were not UTF-8 hold U+FFFD,
  and @href, the URL of a report's outputs without the extension (present only when it has
  outputs), is percent-encoded.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:svrl="http://purl.oclc.org/dsdl/svrl"
    xmlns:gfa="urn:gfa:validation:1"
    exclude-result-prefixes="svrl gfa">

  <!-- One line per row, as in the rest of the file; no other indentation. -->
  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:param name="rows" select="''"/>
  <xsl:variable name="nl" select="'&#10;'"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$rows = 'only'">
        <xsl:apply-templates select="svrl:schematron-output/gfa:digest"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
        <xsl:apply-templates select="svrl:schematron-output"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="svrl:schematron-output">
    <xsl:variable name="t" select="gfa:totals"/>
    <html lang="zh-CN">
      <xsl:value-of select="$nl"/>
      <head>
        <xsl:value-of select="$nl"/>
        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>
        <xsl:value-of select="$nl"/>
        <title>决算公开报告汇总</title>
        <xsl:value-of select="$nl"/>
        <style><xsl:call-template name="css"/></style>
        <xsl:value-of select="$nl"/>
      </head>
      <xsl:value-of select="$nl"/>
      <body>
        <xsl:value-of select="$nl"/>
        <h1>决算公开报告汇总</h1>
        <xsl:value-of select="$nl"/>
        <p>
          <xsl:value-of select="concat('共 ', $t/@reports, ' 份：接受 ', $t/@accepted, '，退回 ', $t/@rejected,
                                       '，无法读取 ', $t/@failed)"/>
          <xsl:if test="$t/@notRun &gt; 0">
            <xsl:value-of select="concat('，未处理（中断） ', $t/@notRun)"/>
          </xsl:if>
          <xsl:value-of select="concat('。规则集：', @schemaVersion, '。按单位名称排序。')"/>
        </p>
        <xsl:value-of select="$nl"/>
        <table>
          <xsl:value-of select="$nl"/>
          <thead>
            <tr>
              <th scope="col">单位</th><th scope="col">年度</th><th scope="col">状态</th>
              <th scope="col">严重</th><th scope="col">错误</th><th scope="col">不一致</th>
              <th scope="col">警告</th><th scope="col">提示</th><th scope="col">来源文件</th>
              <th scope="col">输出</th>
            </tr>
          </thead>
          <xsl:value-of select="$nl"/>
          <tbody>
            <xsl:value-of select="$nl"/>
            <xsl:choose>
              <xsl:when test="$rows = 'apart'"><xsl:comment>gfa:rows</xsl:comment></xsl:when>
              <xsl:otherwise><xsl:apply-templates select="gfa:digest"/></xsl:otherwise>
            </xsl:choose>
          </tbody>
          <xsl:value-of select="$nl"/>
        </table>
        <xsl:value-of select="$nl"/>
      </body>
      <xsl:value-of select="$nl"/>
    </html>
  </xsl:template>

  <!-- One report: its unit (a failed one: its input file), year, status, findings, the input
       file with a mark when its bytes (SHA-256) are an earlier input's, and the links to its
       outputs and its review page. -->
  <xsl:template match="gfa:digest">
    <tr>
      <td>
        <xsl:choose>
          <xsl:when test="@unit"><xsl:value-of select="@unit"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="@file"/></xsl:otherwise>
        </xsl:choose>
      </td>
      <td><xsl:value-of select="@year"/></td>
      <td>
        <xsl:choose>
          <xsl:when test="@status = 'accepted'"><xsl:attribute name="class">accepted</xsl:attribute>接受</xsl:when>
          <xsl:when test="@status = 'rejected'"><xsl:attribute name="class">rejected</xsl:attribute>退回</xsl:when>
          <xsl:when test="@status = 'failed to read'"><xsl:attribute name="class">failed</xsl:attribute>无法读取</xsl:when>
          <xsl:otherwise><xsl:attribute name="class">failed</xsl:attribute>未处理</xsl:otherwise>
        </xsl:choose>
        <xsl:if test="@reason"><xsl:value-of select="concat('：', @reason)"/></xsl:if>
      </td>
      <td class="n"><xsl:value-of select="@fatal"/></td>
      <td class="n"><xsl:value-of select="@errors"/></td>
      <td class="n"><xsl:value-of select="@inconsistencies"/></td>
      <td class="n"><xsl:value-of select="@warnings"/></td>
      <td class="n"><xsl:value-of select="@infos"/></td>
      <!-- the input file, and whether its bytes are those of an earlier input -->
      <td class="file">
        <xsl:value-of select="@file"/>
        <xsl:if test="@duplicateOf">
          <span class="dup" title="SHA-256 {@sha256}">
            <xsl:value-of select="concat('（重复：与 ', @duplicateOf, ' 内容相同）')"/>
          </span>
        </xsl:if>
      </td>
      <td>
        <xsl:if test="@href">
          <a href="{@href}.html">html</a>
          <xsl:text> </xsl:text>
          <a href="{@href}.txt">txt</a>
          <xsl:text> </xsl:text>
          <a href="{@href}.xml">xml</a>
          <xsl:if test="@review = 'true'">
            <xsl:text> · 审阅版 </xsl:text>
            <a href="{@href}.review.html">html</a>
            <xsl:text> </xsl:text>
            <a href="{@href}.review.txt">txt</a>
          </xsl:if>
        </xsl:if>
      </td>
    </tr>
    <!-- a page of rows alone ends with the serialiser's own newline -->
    <xsl:if test="not($rows = 'only' and position() = last())">
      <xsl:value-of select="$nl"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="css">
    <xsl:text>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:2em}
table{border-collapse:collapse;font-size:14px}
th,td{border:1px solid #999;padding:4px 8px;text-align:left}
th{background:#eee}td.n{text-align:right}
.accepted{color:#060}.rejected{color:#b00}.failed{color:#b00;font-weight:bold}
td.file{word-break:break-all}.dup{color:#b00;font-weight:bold}
@media print{a{color:inherit;text-decoration:none}}
</xsl:text>
  </xsl:template>

</xsl:stylesheet>
