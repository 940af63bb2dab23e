<?xml version="1.0" encoding="UTF-8"?>
<!--
  text.xsl — a gfa instance as plain text for a terminal or a plain-text notice (issue 4).
  The same content as the HTML: every part of the report, each table with its merged
  headers, 栏次 and notes. Columns are aligned by display width (CJK characters take two
  columns; fmt:width / fmt:pad, never bytes or code points), long names wrap inside their
  column, numbers are right-aligned on the decimal point, and the column widths are chosen
  to fit the line width ($width) when the table can.

  A table is built in two steps: the walk of common.xsl, through the out-* templates
  below, makes a grid (a fragment of <r> rows of <c n="first column" s="span"
  k="txt|num|fix" a="l|r|c" i="indent" down="1"> cells; a cell without n follows the one
  before it, one without k or a takes its row's): what the table shows, in which cells; then
  fmt:draw lays the grid out on columns and draws it, rules and all (issue 13: mechanical
  work, in C). Parameters: $width (line width, default 100) and $ambiguous (1
  or 2; the fmt: functions read it from the render state).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:g="urn:gfa:report:1"
    xmlns:fmt="urn:gfa:fmt"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="g fmt exsl">

  <xsl:include href="common.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>
  <!-- Loops that can run thousands of times (findings, table lines) put each pass in an <l>
       element. The text output method writes only text, but libxslt merges adjacent text
       nodes by copying, so one ever-growing text node would make the rendering quadratic. -->

  <xsl:param name="width" select="100"/>
  <xsl:param name="ambiguous" select="1"/>

  <xsl:variable name="nl" select="'&#10;'"/>
  <!-- 公开06's four column groups side by side need about this many columns; narrower
       renderings list the groups one after the other. -->
  <xsl:variable name="wide-groups" select="150"/>

  <!-- ===== the document ===== -->
  <xsl:template match="/">
    <xsl:if test="not(function-available('fmt:draw'))">
      <xsl:message terminate="yes">text.xsl needs gfa's fmt: functions: run it with gfa render</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="g:report"/>
  </xsl:template>

  <xsl:template match="g:report">
    <xsl:call-template name="centered">
      <xsl:with-param name="s" select="g:header/g:entity/@name"/>
    </xsl:call-template>
    <xsl:call-template name="centered">
      <xsl:with-param name="s" select="g:header/g:title"/>
    </xsl:call-template>
    <xsl:call-template name="centered">
      <xsl:with-param name="s">
        <xsl:variable name="y" select="string(g:header/g:period/@year)"/>
        <xsl:value-of select="concat($y, '年度')"/>
        <xsl:if test="string-length($y) = 4">
          <xsl:value-of select="concat('（', fmt:date(concat($y, '-01-01')), '至', fmt:date(concat($y, '-12-31')), '）')"/>
        </xsl:if>
        <xsl:if test="g:header/g:units/@unit">
          <xsl:value-of select="concat('  金额单位：', g:header/g:units/@unit)"/>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:value-of select="concat(translate(fmt:pad('', $width), ' ', '='), $nl, $nl)"/>
    <xsl:call-template name="toc"/>
    <xsl:apply-templates select="g:validation[$review]"/>
    <xsl:apply-templates select="g:overview | g:tables | g:narrative | g:glossary
                                 | g:attachments | g:unrecognised"/>
    <xsl:value-of select="concat($nl, translate(fmt:pad('', $width), ' ', '='), $nl)"/>
    <xsl:value-of select="fmt:wrap-text(concat('来源：', g:header/g:source/@file, '（SHA-256 ',
                                               g:header/g:source/@sha256, '）'), $width)"/>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- A line centred in $w columns (no trailing spaces). -->
  <xsl:template name="centered">
    <xsl:param name="s"/>
    <xsl:param name="w" select="$width"/>
    <xsl:variable name="sw" select="fmt:width(string($s))"/>
    <xsl:choose>
      <xsl:when test="$sw &gt; $width">
        <xsl:value-of select="concat(fmt:wrap-text(string($s), $width), $nl)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:if test="$sw &lt; $w">
          <xsl:value-of select="fmt:pad('', floor(($w - $sw) div 2))"/>
        </xsl:if>
        <xsl:value-of select="concat($s, $nl)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="right">
    <xsl:param name="s"/>
    <xsl:param name="w" select="$width"/>
    <xsl:variable name="sw" select="fmt:width(string($s))"/>
    <xsl:if test="$sw &lt; $w">
      <xsl:value-of select="fmt:pad('', $w - $sw)"/>
    </xsl:if>
    <xsl:value-of select="concat($s, $nl)"/>
  </xsl:template>

  <!-- A heading underlined with $ch over its display width. -->
  <xsl:template name="heading">
    <xsl:param name="s"/>
    <xsl:param name="ch" select="'='"/>
    <xsl:value-of select="concat($nl, $s, $nl, translate(fmt:pad('', fmt:width(string($s))), ' ', $ch), $nl)"/>
  </xsl:template>

  <xsl:template name="para">
    <xsl:param name="s"/>
    <xsl:param name="first" select="4"/>
    <xsl:param name="rest" select="0"/>
    <xsl:value-of select="concat(fmt:wrap-text(normalize-space($s), $width, $first, $rest), $nl)"/>
  </xsl:template>

  <!-- ===== contents ===== -->
  <xsl:template name="toc">
    <xsl:value-of select="concat('目录', $nl)"/>
    <xsl:if test="g:validation and $review">
      <xsl:value-of select="concat('  校验结果', $nl)"/>
    </xsl:if>
    <xsl:for-each select="g:overview | g:tables | g:narrative | g:glossary | g:attachments">
      <xsl:value-of select="concat(fmt:wrap-text(string(g:heading), $width, 2, 4), $nl)"/>
      <xsl:for-each select="g:table | g:performance | g:section">
        <xsl:variable name="t">
          <xsl:if test="self::g:table and @number"><xsl:value-of select="concat(@number, ' ')"/></xsl:if>
          <xsl:value-of select="g:title"/>
        </xsl:variable>
        <xsl:value-of select="concat(fmt:wrap-text(string($t), $width, 4, 6), $nl)"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== findings ===== -->
  <xsl:template match="g:validation">
    <xsl:call-template name="heading"><xsl:with-param name="s" select="'校验结果'"/></xsl:call-template>
    <xsl:call-template name="para">
      <xsl:with-param name="first" select="0"/>
      <xsl:with-param name="s">
        <xsl:text>结论：</xsl:text>
        <xsl:choose>
          <xsl:when test="@accepted = 'true'">通过</xsl:when>
          <xsl:otherwise>未通过</xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="concat('。规则集 ', @ruleset, '：检查 ', @checks, ' 项，通过 ', @passed,
                                     ' 项，未通过 ', @failed, ' 项，无法检查 ', @unchecked, ' 项。')"/>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:value-of select="concat('严重错误 ', count(fmt:having($findings-path, 'severity', 'fatal')),
                                 ' · 错误 ', count(fmt:having($findings-path, 'severity', 'error')),
                                 ' · 不一致 ', count(fmt:having($findings-path, 'severity', 'inconsistency')),
                                 ' · 警告 ', count(fmt:having($findings-path, 'severity', 'warning')),
                                 ' · 提示 ', count(fmt:having($findings-path, 'severity', 'info')), $nl)"/>
    <xsl:call-template name="findings-of"><xsl:with-param name="sev" select="'fatal'"/></xsl:call-template>
    <xsl:call-template name="findings-of"><xsl:with-param name="sev" select="'error'"/></xsl:call-template>
    <xsl:call-template name="findings-of"><xsl:with-param name="sev" select="'inconsistency'"/></xsl:call-template>
    <xsl:call-template name="findings-of"><xsl:with-param name="sev" select="'warning'"/></xsl:call-template>
    <xsl:call-template name="findings-of"><xsl:with-param name="sev" select="'info'"/></xsl:call-template>
    <xsl:if test="g:finding[@table and @row and @col]">
      <xsl:value-of select="concat($nl, '表中数值后的 *F3 表示该数值未通过校验，见上列第 F3 项。', $nl)"/>
    </xsl:if>
    <xsl:if test="//g:amt[@certain = 'false' or @certain = '0']">
      <xsl:value-of select="concat('标有 ? 的数值读取时不确定。', $nl)"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="findings-of">
    <xsl:param name="sev"/>
    <xsl:variable name="fs" select="fmt:having($findings-path, 'severity', $sev)"/>
    <xsl:if test="$fs">
      <xsl:value-of select="$nl"/>
      <xsl:call-template name="severity-label"><xsl:with-param name="s" select="$sev"/></xsl:call-template>
      <xsl:value-of select="concat('（', count($fs), '）', $nl)"/>
      <xsl:for-each select="$fs"><l>
        <xsl:variable name="line">
          <xsl:value-of select="concat(@id, ' [', @rule, '] ')"/>
          <xsl:call-template name="finding-place"/>
          <xsl:value-of select="concat('：', g:message)"/>
          <xsl:if test="@reported or @expected">
            <xsl:text>（</xsl:text>
            <xsl:call-template name="finding-values"/>
            <xsl:text>）</xsl:text>
          </xsl:if>
          <xsl:if test="@cause"><xsl:value-of select="concat(' 起因：', @cause)"/></xsl:if>
        </xsl:variable>
        <xsl:value-of select="concat(fmt:wrap-text(string($line), $width, 2, 4), $nl)"/>
      </l></xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- ===== parts and text ===== -->
  <xsl:template match="g:overview | g:tables | g:narrative | g:glossary | g:attachments">
    <xsl:call-template name="heading"><xsl:with-param name="s" select="g:heading"/></xsl:call-template>
    <xsl:apply-templates select="*[not(self::g:heading)]"/>
  </xsl:template>

  <xsl:template match="g:section">
    <xsl:value-of select="concat($nl, fmt:wrap-text(string(g:title), $width), $nl)"/>
    <xsl:apply-templates select="*[not(self::g:title)]"/>
  </xsl:template>

  <xsl:template match="g:p | g:remark">
    <xsl:call-template name="para"><xsl:with-param name="s" select="."/></xsl:call-template>
    <xsl:call-template name="line-findings"/>
  </xsl:template>

  <xsl:template match="g:item">
    <xsl:call-template name="para">
      <xsl:with-param name="s" select="."/>
      <xsl:with-param name="first" select="0"/>
      <xsl:with-param name="rest" select="4"/>
    </xsl:call-template>
    <xsl:call-template name="line-findings"/>
  </xsl:template>

  <!-- A figure in this paragraph failed a check: say so under it. -->
  <xsl:template name="line-findings">
    <xsl:for-each select="fmt:having($findings-path, 'line', @line[$has-findings])[not(starts-with(@table, 'perf'))]"><l>
      <xsl:variable name="s">
        <xsl:text>^ </xsl:text>
        <xsl:call-template name="severity-label"/>
        <xsl:value-of select="concat(' ', @id, ' [', @rule, ']：', g:message)"/>
        <xsl:if test="@expected and not(@cause)">
          <xsl:text>（应为 </xsl:text>
          <xsl:call-template name="finding-value"><xsl:with-param name="v" select="@expected"/></xsl:call-template>
          <xsl:text>）</xsl:text>
        </xsl:if>
        <xsl:if test="@cause"><xsl:value-of select="concat('（由 ', @cause, ' 引起）')"/></xsl:if>
      </xsl:variable>
      <xsl:value-of select="concat(fmt:wrap-text(string($s), $width, 4, 6), $nl)"/>
    </l></xsl:for-each>
  </xsl:template>

  <xsl:template match="g:staffing"/>

  <xsl:template match="g:unrecognised">
    <xsl:value-of select="concat(fmt:wrap-text(string(.), $width, 0, 0), $nl)"/>
  </xsl:template>

  <xsl:template match="g:glossary/g:term">
    <xsl:variable name="s">
      <xsl:if test="@ordinal"><xsl:value-of select="concat(@ordinal, '、')"/></xsl:if>
      <xsl:value-of select="concat(g:name, '：', g:definition)"/>
    </xsl:variable>
    <xsl:value-of select="concat(fmt:wrap-text(string($s), $width, 0, 4), $nl)"/>
  </xsl:template>

  <!-- ===== standard tables ===== -->
  <xsl:template match="g:table">
    <xsl:variable name="frame" select="fmt:table-frame(.)"/>
    <xsl:variable name="hdr" select="$frame/hr"/>
    <xsl:variable name="slots" select="$frame/slot"/>
    <xsl:variable name="grid-rtf">
      <xsl:choose>
        <xsl:when test="g:part[@axis = 'single'] and count(g:part) = 1 and count($slots) = 1
                        and number($slots[1]/@keys) = 0 and count($hdr[1]/hc[@k = 'h']) &gt; 1
                        and not($hdr[1]/hc[@k = 'h' and @s != $hdr[1]/hc[1]/@s])">
          <xsl:call-template name="grid-halves">
            <xsl:with-param name="hdr" select="$hdr"/>
            <xsl:with-param name="frame" select="$frame"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:when test="count($slots) &gt; count(g:part) and $width &lt; $wide-groups">
          <xsl:call-template name="grid-stacked">
            <xsl:with-param name="hdr" select="$hdr"/>
            <xsl:with-param name="slots" select="$slots"/>
            <xsl:with-param name="frame" select="$frame"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <!-- a reader may keep a value column the header does not print: the grid reaches it -->
          <xsl:variable name="last-cell">
            <xsl:for-each select="g:part/g:row/*[@cell]">
              <xsl:sort select="@cell" data-type="number" order="descending"/>
              <xsl:if test="position() = 1"><xsl:value-of select="@cell"/></xsl:if>
            </xsl:for-each>
          </xsl:variable>
          <xsl:variable name="n" select="$frame/@n + number(number($last-cell) &gt; $frame/@n) * (number(concat(0, $last-cell)) - $frame/@n)"/>
          <grid n="{$n}">
            <xsl:call-template name="grid-header">
              <xsl:with-param name="hdr" select="$hdr"/>
              <xsl:with-param name="n" select="$n"/>
            </xsl:call-template>
            <xsl:call-template name="table-body"><xsl:with-param name="frame" select="$frame"/></xsl:call-template>
          </grid>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="grid" select="exsl:node-set($grid-rtf)/grid"/>
    <xsl:variable name="drawn" select="fmt:draw($grid, $width)"/>
    <xsl:variable name="tw" select="number($drawn/@width)"/>
    <xsl:value-of select="$nl"/>
    <xsl:call-template name="width-notice"><xsl:with-param name="tw" select="$tw"/></xsl:call-template>
    <!-- title and captions over the table, within the line width -->
    <xsl:variable name="cw" select="$tw * number($tw &lt;= $width) + $width * number($tw &gt; $width)"/>
    <xsl:call-template name="centered">
      <xsl:with-param name="s" select="g:title"/>
      <xsl:with-param name="w" select="$cw"/>
    </xsl:call-template>
    <xsl:variable name="need" select="fmt:width(string(g:caption[@field = 'entity'])) + fmt:width(string(g:caption[@field = 'year']))
                                      + fmt:width(string(g:caption[@field = 'unit'])) + 6"/>
    <xsl:call-template name="captions">
      <xsl:with-param name="w">
        <xsl:choose>
          <xsl:when test="$need &lt;= $cw or $tw &gt;= $width"><xsl:value-of select="$cw"/></xsl:when>
          <xsl:when test="$need &lt;= $width"><xsl:value-of select="$need"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$width"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
    <l><xsl:value-of select="$drawn"/></l>
    <xsl:for-each select="g:note | g:empty | g:unrecognised">
      <xsl:value-of select="concat(fmt:wrap-text(normalize-space(.), $width), $nl)"/>
    </xsl:for-each>
    <xsl:if test="@def = 'gk01'">
      <xsl:call-template name="rmb-totals"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="captions">
    <xsl:param name="w"/>
    <xsl:if test="g:caption[@field = 'number']">
      <xsl:call-template name="right">
        <xsl:with-param name="s" select="g:caption[@field = 'number']"/>
        <xsl:with-param name="w" select="$w"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:variable name="e" select="string(g:caption[@field = 'entity'])"/>
    <xsl:variable name="y" select="string(g:caption[@field = 'year'])"/>
    <xsl:variable name="u" select="string(g:caption[@field = 'unit'])"/>
    <xsl:variable name="yw" select="fmt:width($y)"/>
    <xsl:variable name="left" select="floor(($w - $yw) div 2)"/>
    <xsl:variable name="right" select="$w - $left - $yw"/>
    <xsl:variable name="gap" select="$w - fmt:width($e) - $yw - fmt:width($u)"/>
    <xsl:choose>
      <xsl:when test="fmt:width($e) &lt; $left and fmt:width($u) &lt; $right">
        <xsl:value-of select="concat(fmt:pad($e, $left), $y, fmt:pad($u, $right, 'r'), $nl)"/>
      </xsl:when>
      <xsl:when test="$gap &gt;= 4">
        <xsl:value-of select="concat($e, fmt:pad('', floor($gap div 2)), $y, fmt:pad('', $gap - floor($gap div 2)), $u, $nl)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="g:caption[@field = 'entity' or @field = 'year' or @field = 'unit']">
          <xsl:value-of select="concat(., $nl)"/>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:for-each select="g:caption[@field = 'other']">
      <xsl:value-of select="concat(., $nl)"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="rmb-totals">
    <xsl:variable name="in" select="g:part/g:row[@key = 'income_grand_total']/g:amt[1]"/>
    <xsl:variable name="out" select="g:part/g:row[@key = 'expense_grand_total']/g:amt[1]"/>
    <xsl:if test="($in or $out) and string($scale) != ''">
      <xsl:variable name="s">
        <xsl:choose>
          <xsl:when test="$in and $out and string($in) = string($out)">
            <xsl:value-of select="concat('收入总计、支出总计（大写）：', fmt:rmb-upper($in, $scale, 'prefix'))"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:if test="$in">
              <xsl:value-of select="concat('收入总计（大写）：', fmt:rmb-upper($in, $scale, 'prefix'), ' ')"/>
            </xsl:if>
            <xsl:if test="$out">
              <xsl:value-of select="concat('支出总计（大写）：', fmt:rmb-upper($out, $scale, 'prefix'))"/>
            </xsl:if>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:value-of select="concat(fmt:wrap-text(string($s), $width), $nl)"/>
    </xsl:if>
  </xsl:template>

  <!-- ===== grids: the printed layout ===== -->

  <!-- Header rows as cells of the grid (labels wrap; continuations of a merged cell are
       empty cells that keep the rule under them open). -->
  <xsl:template name="grid-header">
    <xsl:param name="hdr"/>
    <xsl:param name="n" select="0"/>
    <xsl:for-each select="$hdr">
      <!-- the kind and alignment said once a row, for its cells -->
      <r t="h" a="c" k="{substring('txtfix', 1 + 3 * number(@colno = 'true'), 3)}">
        <xsl:for-each select="hc">
          <c n="{@n}" s="{@s}">
            <xsl:if test="@down"><xsl:attribute name="down">1</xsl:attribute></xsl:if>
            <xsl:value-of select="self::*[@k = 'h']"/>
          </c>
        </xsl:for-each>
        <!-- value columns beyond the header's: one blank header cell over them -->
        <xsl:variable name="end" select="number(hc[last()]/@n) + number(hc[last()]/@s)"/>
        <xsl:if test="$n &gt;= $end"><c n="{$end}" s="{$n - $end + 1}"/></xsl:if>
      </r>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== the hooks of common.xsl's table walk (parameters documented there): grid cells ===== -->

  <!-- a body row's cells are numbers unless they say otherwise (k) -->
  <xsl:template name="out-body-line">
    <xsl:param name="frame"/>
    <r t="d" k="num">
      <xsl:call-template name="line-cells">
        <xsl:with-param name="frame" select="$frame"/>
      </xsl:call-template>
    </r>
  </xsl:template>

  <!-- a line's marks are the HTML's -->
  <xsl:template name="out-line-marks"/>

  <xsl:template name="out-stray-row">
    <xsl:param name="frame"/>
    <r t="d">
      <xsl:call-template name="stray-cells">
        <xsl:with-param name="last" select="number($frame/@n)"/>
      </xsl:call-template>
    </r>
  </xsl:template>

  <xsl:template name="out-stray-cell">
    <xsl:param name="kind"/>
    <xsl:param name="n"/>
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="$kind = 'gap'"><c n="{$n}" s="{$s}" k="fix"/></xsl:when>
      <xsl:otherwise>
        <c n="{$n}" s="{$s}" k="txt" a="c"><xsl:call-template name="header-text"/></c>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 科目代码 and 行次 fixed, the label wrapping (indented by its level in a code list). -->
  <xsl:template name="out-key-cells">
    <xsl:param name="k"/>
    <xsl:if test="$k/@code">
      <c n="{$k/@start}" k="fix"><xsl:value-of select="@code"/></c>
    </xsl:if>
    <c n="{$k/@start + number(boolean($k/@code))}" s="{$k/@span}" k="txt">
      <!-- a code list's rows: centred when they have no code (合计), indented by level -->
      <xsl:if test="$k/@coded">
        <xsl:if test="not(@code)"><xsl:attribute name="a">c</xsl:attribute></xsl:if>
        <xsl:if test="@level &gt; 1"><xsl:attribute name="i"><xsl:value-of select="2 * (@level - 1)"/></xsl:attribute></xsl:if>
      </xsl:if>
      <xsl:value-of select="fmt:row-label(.)"/>
      <xsl:if test="@unit and not(contains(@label, @unit))">
        <xsl:value-of select="concat('（', @unit, '）')"/>
      </xsl:if>
    </c>
    <xsl:if test="$k/@lineno">
      <!-- right after the label -->
      <c k="fix" a="c"><xsl:value-of select="@lineNo"/></c>
    </xsl:if>
  </xsl:template>

  <xsl:template name="out-gap-cells">
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <c n="{$from}" s="{$to - $from + 1}" k="fix"/>
  </xsl:template>

  <!-- A value cell; *F3 marks a value that failed a check and names the finding (the
       findings list says what it is). The mark follows the digits, so the column's decimal
       points stay aligned (fmt:align-num) and the layout counts its width. -->
  <xsl:template match="*" mode="out-value-cell">
    <xsl:param name="at"/>
    <xsl:param name="findings"/>
    <xsl:param name="plain"/>
    <xsl:choose>
      <!-- the usual cell: a number neither flagged nor uncertain -->
      <xsl:when test="$plain">
        <c n="{@cell}"><xsl:value-of select="fmt:cell-text(.)"/></c>
      </xsl:when>
      <xsl:when test="not($findings or @certain or self::g:text)">
        <c n="{$at}"><xsl:value-of select="fmt:cell-text(.)"/></c>
      </xsl:when>
      <xsl:when test="not($findings or @certain)">
        <c n="{$at}" k="txt"><xsl:value-of select="fmt:cell-text(.)"/></c>
      </xsl:when>
      <xsl:otherwise>
        <c n="{$at}" k="{substring('numtxt', 1 + 3 * number(boolean(self::g:text)), 3)}"
           a="{substring('rl', 1 + number(boolean(self::g:text)), 1)}">
          <xsl:value-of select="fmt:cell-text(.)"/>
          <xsl:call-template name="uncertain-mark"/>
          <xsl:call-template name="finding-mark"><xsl:with-param name="fs" select="$findings"/></xsl:call-template>
        </c>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- *F3 (or *F3,F7): the findings a value is flagged by. -->
  <xsl:template name="finding-mark">
    <xsl:param name="fs"/>
    <xsl:if test="$fs">
      <xsl:text>*</xsl:text>
      <xsl:for-each select="$fs">
        <xsl:if test="position() &gt; 1">,</xsl:if>
        <xsl:value-of select="@id"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- Column groups one after the other (公开06 in a narrow rendering): the key and value
       columns of one group, a line naming each group (人员经费, 公用经费), total rows last. -->
  <xsl:template name="grid-stacked">
    <xsl:param name="hdr"/>
    <xsl:param name="slots"/>
    <xsl:param name="frame"/>
    <xsl:variable name="table" select="."/>
    <xsl:variable name="s1" select="$slots[1]"/>
    <xsl:variable name="n" select="number($s1/@last) - number($s1/@start) + 1"/>
    <xsl:variable name="sub-rtf">
      <xsl:for-each select="$hdr[position() &gt; 1 or count($hdr) = 1]">
        <hr i="{@i}" colno="{@colno}">
          <xsl:copy-of select="hc[number(@n) &gt;= number($s1/@start) and number(@n) &lt;= number($s1/@last)]"/>
        </hr>
      </xsl:for-each>
    </xsl:variable>
    <!-- Every row in the first group's columns: its key cells in columns 1 .. value-at - 1
         (科目代码 when there is room for it and the row has a code, the label, 行次 when the
         part prints them), then its values one after the other. The markers of the key cells
         (as fmt:line-cells makes them) are made once a table, one without 科目代码 and, when
         the part can show one, one with: a row takes the last that fits it. -->
    <xsl:variable name="value-at" select="number($s1/@first) - number($s1/@start) + 1"/>
    <xsl:variable name="nk" select="$value-at - 1"/>
    <xsl:variable name="lineno" select="$s1/@lineno = 'true' and $nk &gt;= 2"/>
    <xsl:variable name="coded" select="$s1/@axis = 'function' or $s1/@axis = 'economic'"/>
    <xsl:variable name="keys-rtf">
      <xsl:if test="$nk &gt; 0">
        <k start="1" span="{$nk - number($lineno)}">
          <xsl:if test="$lineno"><xsl:attribute name="lineno">true</xsl:attribute></xsl:if>
          <xsl:if test="$coded"><xsl:attribute name="coded">true</xsl:attribute></xsl:if>
          <xsl:if test="contains($frame/@groups, ' 1 ')"><xsl:attribute name="gs">true</xsl:attribute></xsl:if>
        </k>
        <xsl:if test="$coded and $nk &gt;= 2 and not($lineno)">
          <k start="1" span="{$nk - 1}" code="true" coded="true">
            <xsl:if test="contains($frame/@groups, ' 1 ')"><xsl:attribute name="gs">true</xsl:attribute></xsl:if>
          </k>
        </xsl:if>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="keys" select="exsl:node-set($keys-rtf)/k"/>
    <!-- a table no finding names: straight to the hook (value-cell would look none up) -->
    <xsl:variable name="check" select="$has-findings and $frame/@findings = 'true'"/>
    <grid n="{$n}">
      <xsl:call-template name="grid-header">
        <xsl:with-param name="hdr" select="exsl:node-set($sub-rtf)/hr"/>
      </xsl:call-template>
      <xsl:for-each select="$slots">
        <xsl:variable name="slot" select="."/>
        <xsl:variable name="label" select="string($hdr[1]/hc[@k = 'h' and number(@n) &lt;= number($slot/@start)
                                                      and number(@n) + number(@s) &gt; number($slot/@start)])"/>
        <xsl:variable name="prev-label" select="string($hdr[1]/hc[@k = 'h' and number(@n) &lt;= number($slot/preceding-sibling::slot[1]/@start)
                                                      and number(@n) + number(@s) &gt; number($slot/preceding-sibling::slot[1]/@start)])"/>
        <xsl:if test="count($hdr) &gt; 1 and $label != '' and ($label != $prev-label or position() = 1)">
          <r t="d"><c n="1" s="{$n}" k="txt"><xsl:value-of select="$label"/></c></r>
        </xsl:if>
        <xsl:apply-templates select="$table/g:part[@id = $slot/@part]/g:row[not(@total = 'true')]
                                     [string(@group) = string($slot/@g) or (not(@group) and $slot/@g = '1')]"
                             mode="stacked">
          <xsl:sort select="@line" data-type="number"/>
          <xsl:with-param name="keys" select="$keys"/>
          <xsl:with-param name="value-at" select="$value-at"/>
          <xsl:with-param name="frame" select="$frame"/>
          <xsl:with-param name="check" select="$check"/>
        </xsl:apply-templates>
      </xsl:for-each>
      <xsl:apply-templates select="g:part/g:row[@total = 'true']" mode="stacked">
        <xsl:sort select="@line" data-type="number"/>
        <xsl:sort select="@group" data-type="number"/>
        <xsl:with-param name="keys" select="$keys"/>
        <xsl:with-param name="value-at" select="$value-at"/>
        <xsl:with-param name="frame" select="$frame"/>
        <xsl:with-param name="check" select="$check"/>
      </xsl:apply-templates>
    </grid>
  </xsl:template>

  <!-- A row of a column group in the stacked layout: in the first group's columns (grid-stacked
       says how), its values numbered from value-at on. Numbers are the row's kind of cell. -->
  <xsl:template match="g:row" mode="stacked">
    <xsl:param name="keys"/>
    <xsl:param name="value-at"/>
    <xsl:param name="frame"/>
    <xsl:param name="check"/>
    <r t="d" k="num">
      <xsl:if test="$keys">
        <xsl:call-template name="out-key-cells">
          <xsl:with-param name="k" select="$keys[not(@code) or current()/@code][last()]"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="*[@cell]">
        <xsl:choose>
          <xsl:when test="$check">
            <xsl:call-template name="value-cell">
              <xsl:with-param name="at" select="$value-at + position() - 1"/>
              <xsl:with-param name="frame" select="$frame"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="." mode="out-value-cell">
              <xsl:with-param name="at" select="$value-at + position() - 1"/>
            </xsl:apply-templates>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </r>
  </xsl:template>

  <!-- A one-row table printed in side-by-side halves (公开09: 预算数 | 决算数): the halves
       become rows under one set of column headers. -->
  <xsl:template name="grid-halves">
    <xsl:param name="hdr"/>
    <xsl:param name="frame"/>
    <xsl:variable name="m" select="number($hdr[1]/hc[1]/@s)"/>
    <xsl:variable name="rows" select="$hdr[position() &gt; 1 and @colno != 'true']"/>
    <xsl:variable name="sub-rtf">
      <xsl:for-each select="$rows">
        <hr i="{@i}" colno="false">
          <xsl:choose>
            <xsl:when test="position() = 1">
              <hc k="h" n="1" s="1">
                <xsl:if test="count($rows) &gt; 1"><xsl:attribute name="down">1</xsl:attribute></xsl:if>
                <xsl:text>项目</xsl:text>
              </hc>
            </xsl:when>
            <xsl:otherwise>
              <hc k="v" n="1" s="1">
                <xsl:if test="position() &lt; last()"><xsl:attribute name="down">1</xsl:attribute></xsl:if>
              </hc>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:for-each select="hc[number(@n) &lt;= $m]">
            <hc k="{@k}" n="{@n + 1}" s="{@s}">
              <xsl:if test="@down"><xsl:attribute name="down">1</xsl:attribute></xsl:if>
              <xsl:value-of select="."/>
            </hc>
          </xsl:for-each>
        </hr>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="row" select="g:part/g:row[1]"/>
    <grid n="{$m + 1}">
      <xsl:call-template name="grid-header">
        <xsl:with-param name="hdr" select="exsl:node-set($sub-rtf)/hr"/>
      </xsl:call-template>
      <xsl:for-each select="$hdr[1]/hc[@k = 'h']">
        <xsl:variable name="from" select="number(@n)"/>
        <xsl:variable name="to" select="number(@n) + number(@s) - 1"/>
        <xsl:variable name="label" select="string(.)"/>
        <xsl:for-each select="$row">
          <r t="d" k="num">
            <c n="1" k="txt"><xsl:value-of select="$label"/></c>
            <xsl:for-each select="*[number(@cell) &gt;= $from and number(@cell) &lt;= $to]">
              <xsl:call-template name="value-cell">
                <xsl:with-param name="at" select="number(@cell) - $from + 2"/>
                <xsl:with-param name="frame" select="$frame"/>
              </xsl:call-template>
            </xsl:for-each>
          </r>
        </xsl:for-each>
      </xsl:for-each>
    </grid>
  </xsl:template>

  <!-- ===== drawing a grid ===== -->

  <!-- A table that cannot be narrowed to the line width says so (issue 12), then is drawn
       whole: tw is its width as laid out. -->
  <xsl:template name="width-notice">
    <xsl:param name="tw"/>
    <xsl:if test="$tw &gt; $width">
      <xsl:value-of select="concat(fmt:wrap-text(concat('（本表至少需要 ', $tw, ' 列，宽于 ', $width,
                                                        ' 列：按 ', $tw, ' 列排出，可用 --width ', $tw, ' 或更宽查看。）'), $width), $nl)"/>
    </xsl:if>
  </xsl:template>

  <!-- A grid of a form laid out to the line width, with the notice when it cannot be. -->
  <xsl:template name="fitted-grid">
    <xsl:param name="grid"/>
    <xsl:variable name="drawn" select="fmt:draw($grid, $width)"/>
    <xsl:call-template name="width-notice">
      <xsl:with-param name="tw" select="number($drawn/@width)"/>
    </xsl:call-template>
    <l><xsl:value-of select="$drawn"/></l>
  </xsl:template>

  <!-- ===== 项目支出绩效自评表 ===== -->
  <xsl:template match="g:performance">
    <xsl:value-of select="$nl"/>
    <xsl:call-template name="centered"><xsl:with-param name="s" select="g:title"/></xsl:call-template>
    <xsl:value-of select="$nl"/>
    <xsl:if test="g:project">
      <xsl:value-of select="concat(fmt:wrap-text(concat('项目名称：', g:project/@name), $width, 0, 4), $nl)"/>
    </xsl:if>
    <xsl:if test="g:department or g:unit">
      <xsl:variable name="s">
        <xsl:if test="g:department">
          <xsl:value-of select="concat('主管部门及代码：', substring(concat(g:department/@code, '-'), 1, string-length(g:department/@code) + number(boolean(g:department/@code))), g:department/@name, '　')"/>
        </xsl:if>
        <xsl:if test="g:unit">
          <xsl:value-of select="concat('预算单位：', substring(concat(g:unit/@code, '-'), 1, string-length(g:unit/@code) + number(boolean(g:unit/@code))), g:unit/@name)"/>
        </xsl:if>
      </xsl:variable>
      <xsl:value-of select="concat(fmt:wrap-text(string($s), $width, 0, 4), $nl)"/>
    </xsl:if>
    <xsl:apply-templates select="g:funds"/>
    <xsl:for-each select="g:goal">
      <xsl:value-of select="concat(fmt:wrap-text(concat('年度目标：', g:target), $width, 0, 4), $nl)"/>
      <xsl:if test="g:actual">
        <xsl:value-of select="concat(fmt:wrap-text(concat('实际完成情况：', g:actual), $width, 0, 4), $nl)"/>
      </xsl:if>
    </xsl:for-each>
    <xsl:apply-templates select="g:indicators"/>
    <xsl:if test="g:total">
      <xsl:value-of select="'总分：'"/>
      <xsl:if test="g:total/@score"><xsl:value-of select="fmt:amount(g:total/@score, 'auto')"/></xsl:if>
      <xsl:if test="g:total/@grade"><xsl:value-of select="concat('　等级：', g:total/@grade)"/></xsl:if>
      <xsl:value-of select="$nl"/>
    </xsl:if>
    <xsl:if test="g:analysis">
      <xsl:value-of select="concat('项目绩效分析', $nl)"/>
      <xsl:for-each select="g:analysis">
        <xsl:value-of select="concat(fmt:wrap-text(concat(@topic, '：', .), $width, 2, 4), $nl)"/>
      </xsl:for-each>
    </xsl:if>
    <xsl:for-each select="g:remark">
      <xsl:value-of select="concat(fmt:wrap-text(normalize-space(.), $width, 0, 4), $nl)"/>
    </xsl:for-each>
    <xsl:if test="fmt:descendants(., 'certain', 'false')[not(self::g:amt)]">
      <xsl:value-of select="concat(fmt:wrap-text('注：标有 ? 的行的数值位置由推断得出，请对照原表。', $width), $nl)"/>
    </xsl:if>
    <xsl:apply-templates select="g:unrecognised"/>
  </xsl:template>

  <xsl:template match="g:funds">
    <xsl:variable name="grid-rtf">
      <!-- cells without n follow each other; a row's k and a are its cells' unless they say
           otherwise (fmt:draw; issue 13: fewer attributes to make and to read) -->
      <grid n="9">
        <r t="h" k="txt" a="c">
          <c down="1">项目资金（万元）</c>
          <c s="2">年初预算数</c>
          <c down="1">全年预算数</c>
          <c down="1">全年执行数</c>
          <c down="1">资金结（转）余</c>
          <c down="1">执行率（%）</c>
          <c down="1">得分</c>
          <c down="1">偏差原因</c>
        </r>
        <r t="h" k="txt" a="c">
          <c/><c>目标申报数</c><c>预算编制数</c><c/><c/><c/><c/><c/><c/>
        </r>
        <xsl:for-each select="g:fund">
          <xsl:variable name="fund" select="."/>
          <r t="d" k="num">
            <c k="txt">
              <xsl:value-of select="@source"/>
              <xsl:if test="@certain = 'false'"> ?</xsl:if>
            </c>
            <xsl:for-each select="exsl:node-set($fund-fields)/f">
              <c>
                <xsl:for-each select="fmt:children($fund, 'amt', 'field', string(.))">
                  <xsl:value-of select="fmt:amount(., 'auto')"/>
                  <xsl:if test="@certain"><xsl:call-template name="uncertain-mark"/></xsl:if>
                  <xsl:if test="$has-findings">
                    <xsl:call-template name="finding-mark">
                      <xsl:with-param name="fs" select="fmt:having($findings-path, 'line', @line, 'col', @field)"/>
                    </xsl:call-template>
                  </xsl:if>
                </xsl:for-each>
              </c>
            </xsl:for-each>
            <c k="txt"><xsl:value-of select="g:reason"/></c>
          </r>
        </xsl:for-each>
      </grid>
    </xsl:variable>
    <xsl:call-template name="fitted-grid">
      <xsl:with-param name="grid" select="exsl:node-set($grid-rtf)/grid"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:variable name="fund-fields-rtf">
    <f>declared</f><f>budgeted</f><f>full_year</f><f>executed</f><f>balance</f><f>rate</f><f>score</f>
  </xsl:variable>
  <xsl:variable name="fund-fields" select="$fund-fields-rtf"/>

  <xsl:template match="g:indicators">
    <xsl:variable name="grid-rtf">
      <grid n="9">
        <r t="h" k="txt" a="c">
          <c>一级指标</c><c>二级指标</c><c>三级指标</c><c>年初指标值</c><c>调整后指标值</c>
          <c>实际完成值</c><c>分值</c><c>得分</c><c>偏差原因</c>
        </r>
        <xsl:for-each select="g:indicator">
          <xsl:variable name="prev" select="preceding-sibling::g:indicator[1]"/>
          <r t="d" k="txt">
            <c>
              <xsl:if test="not($prev) or string($prev/@level1) != string(@level1)">
                <xsl:value-of select="@level1"/>
              </xsl:if>
            </c>
            <c><xsl:value-of select="@level2"/></c>
            <c>
              <xsl:value-of select="@name"/>
              <xsl:if test="@certain = 'false'"> ?</xsl:if>
            </c>
            <c><xsl:value-of select="g:initial"/></c>
            <c><xsl:value-of select="g:adjusted"/></c>
            <c><xsl:value-of select="g:actual"/></c>
            <c k="num"><xsl:if test="g:weight"><xsl:value-of select="fmt:amount(g:weight, 'auto')"/></xsl:if></c>
            <c k="num"><xsl:if test="g:score"><xsl:value-of select="fmt:amount(g:score, 'auto')"/></xsl:if></c>
            <c><xsl:value-of select="g:reason"/></c>
          </r>
        </xsl:for-each>
      </grid>
    </xsl:variable>
    <xsl:call-template name="fitted-grid">
      <xsl:with-param name="grid" select="exsl:node-set($grid-rtf)/grid"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
