<?xml version="1.0" encoding="UTF-8"?>
<!--
  define2-1.xsl: renders a Define-XML 2.1 document (ODM 1.3.2) as one HTML page.
  Written for cdisc-convert (XSLT 1.0, so browsers and lxml can both apply it).

  Sections: study header, table of contents, standards, datasets overview, one table per
  dataset (links to codelists, methods, comments, value-level metadata and the dataset file),
  value-level metadata, codelists, external dictionaries, methods, comments, documents,
  analysis results metadata (ARM 1.0, ADaM).
  Every anchor is the OID of what it shows, so links are stable: #IG.LB, #CL.NY, #VL.LB.LBORRES.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:odm="http://www.cdisc.org/ns/odm/v1.3"
  xmlns:def="http://www.cdisc.org/ns/def/v2.1"
  xmlns:xlink="http://www.w3.org/1999/xlink"
  xmlns:arm="http://www.cdisc.org/ns/arm/v1.0"
  exclude-result-prefixes="odm def xlink arm">

  <xsl:output method="html" encoding="UTF-8" indent="yes"
    doctype-system="about:legacy-compat"/>

  <xsl:key name="item" match="odm:ItemDef" use="@OID"/>
  <xsl:key name="codelist" match="odm:CodeList" use="@OID"/>
  <xsl:key name="method" match="odm:MethodDef" use="@OID"/>
  <xsl:key name="comment" match="def:CommentDef" use="@OID"/>
  <xsl:key name="valuelist" match="def:ValueListDef" use="@OID"/>
  <xsl:key name="where" match="def:WhereClauseDef" use="@OID"/>
  <xsl:key name="leaf" match="def:leaf" use="@ID"/>
  <xsl:key name="standard" match="def:Standard" use="@OID"/>

  <xsl:variable name="mdv" select="/odm:ODM/odm:Study/odm:MetaDataVersion"/>
  <xsl:variable name="study" select="/odm:ODM/odm:Study/odm:GlobalVariables"/>

  <!-- ============================== page ============================== -->
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="UTF-8"/>
        <title><xsl:value-of select="$study/odm:StudyName"/> - <xsl:value-of select="$mdv/@Name"/></title>
        <style type="text/css">
          body { font-family: Arial, Helvetica, sans-serif; font-size: 13px; margin: 0; color: #1a1a1a; }
          nav { position: fixed; top: 0; left: 0; bottom: 0; width: 230px; overflow-y: auto;
                background: #f2f4f7; border-right: 1px solid #ccd; padding: 10px; box-sizing: border-box; }
          nav ul { list-style: none; padding-left: 12px; margin: 2px 0; }
          nav a { text-decoration: none; color: #1f3f7a; }
          main { margin-left: 240px; padding: 10px 20px 40px 10px; }
          h1 { font-size: 20px; margin: 6px 0; } h2 { font-size: 16px; margin-top: 28px;
               border-bottom: 2px solid #1f3f7a; color: #1f3f7a; }
          table { border-collapse: collapse; margin: 6px 0 16px 0; width: 100%; }
          caption { text-align: left; font-weight: bold; padding: 6px 0; font-size: 14px; }
          th { background: #1f3f7a; color: white; text-align: left; padding: 4px 6px; }
          td { border: 1px solid #ccd; padding: 3px 6px; vertical-align: top; }
          tr:nth-child(even) td { background: #f7f8fb; }
          .small { color: #555; font-size: 11px; } .ext { color: #a33; }
          a.back { font-size: 11px; }
        </style>
      </head>
      <body>
        <xsl:call-template name="toc"/>
        <main>
          <h1 id="top"><xsl:value-of select="$study/odm:StudyName"/>:
            <xsl:value-of select="$mdv/@Name"/></h1>
          <p><xsl:value-of select="$study/odm:StudyDescription"/></p>
          <p class="small">Protocol <xsl:value-of select="$study/odm:ProtocolName"/>;
            Define-XML <xsl:value-of select="$mdv/@def:DefineVersion"/>;
            created <xsl:value-of select="/odm:ODM/@CreationDateTime"/>
            <xsl:if test="/odm:ODM/@Originator"> by <xsl:value-of select="/odm:ODM/@Originator"/></xsl:if>;
            context <xsl:value-of select="/odm:ODM/@def:Context"/>.</p>
          <xsl:call-template name="standards"/>
          <xsl:call-template name="documents"/>
          <xsl:call-template name="datasets-overview"/>
          <xsl:apply-templates select="$mdv/odm:ItemGroupDef"/>
          <xsl:if test="$mdv/def:ValueListDef">
            <h2 id="valuelevel">Value-Level Metadata</h2>
            <xsl:apply-templates select="$mdv/def:ValueListDef"/>
          </xsl:if>
          <xsl:if test="$mdv/odm:CodeList[not(odm:ExternalCodeList)]">
            <h2 id="codelists">Controlled Terminology</h2>
            <xsl:apply-templates select="$mdv/odm:CodeList[not(odm:ExternalCodeList)]"/>
          </xsl:if>
          <xsl:call-template name="dictionaries"/>
          <xsl:call-template name="methods"/>
          <xsl:call-template name="comments"/>
          <xsl:call-template name="analysis-results"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- ============================== navigation ============================== -->
  <xsl:template name="toc">
    <nav>
      <strong><xsl:value-of select="$study/odm:StudyName"/></strong>
      <ul>
        <li><a href="#standards">Standards</a></li>
        <li><a href="#datasets">Datasets</a>
          <ul>
            <xsl:for-each select="$mdv/odm:ItemGroupDef">
              <li><a href="#{@OID}"><xsl:value-of select="@Name"/></a>
                <xsl:text> </xsl:text>
                <span class="small"><xsl:value-of select="odm:Description/odm:TranslatedText"/></span></li>
            </xsl:for-each>
          </ul>
        </li>
        <xsl:if test="$mdv/def:ValueListDef"><li><a href="#valuelevel">Value-Level Metadata</a></li></xsl:if>
        <xsl:if test="$mdv/odm:CodeList[not(odm:ExternalCodeList)]"><li><a href="#codelists">Controlled Terminology</a></li></xsl:if>
        <xsl:if test="$mdv/odm:CodeList/odm:ExternalCodeList"><li><a href="#dictionaries">External Dictionaries</a></li></xsl:if>
        <xsl:if test="$mdv/odm:MethodDef"><li><a href="#methods">Methods</a></li></xsl:if>
        <xsl:if test="$mdv/def:CommentDef"><li><a href="#comments">Comments</a></li></xsl:if>
        <xsl:if test="$mdv/arm:AnalysisResultDisplays"><li><a href="#analysisresults">Analysis Results</a></li></xsl:if>
      </ul>
    </nav>
  </xsl:template>

  <!-- ============================== study level ============================== -->
  <xsl:template name="standards">
    <h2 id="standards">Standards</h2>
    <table>
      <tr><th>Standard</th><th>Type</th><th>Publishing set</th><th>Version</th><th>Status</th></tr>
      <xsl:for-each select="$mdv/def:Standards/def:Standard">
        <tr id="{@OID}"><td><xsl:value-of select="@Name"/></td><td><xsl:value-of select="@Type"/></td>
          <td><xsl:value-of select="@PublishingSet"/></td><td><xsl:value-of select="@Version"/></td>
          <td><xsl:value-of select="@Status"/></td></tr>
      </xsl:for-each>
    </table>
  </xsl:template>

  <xsl:template name="documents">
    <xsl:if test="$mdv/def:AnnotatedCRF or $mdv/def:SupplementalDoc">
      <h2 id="documents">Documents</h2>
      <ul>
        <xsl:for-each select="$mdv/def:AnnotatedCRF/def:DocumentRef | $mdv/def:SupplementalDoc/def:DocumentRef">
          <li><xsl:apply-templates select="key('leaf', @leafID)" mode="link"/></li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <xsl:template match="def:leaf" mode="link">
    <a href="{@xlink:href}" id="{@ID}"><xsl:value-of select="def:title"/></a>
  </xsl:template>

  <xsl:template name="datasets-overview">
    <h2 id="datasets">Datasets</h2>
    <table>
      <tr><th>Dataset</th><th>Description</th><th>Class</th><th>Structure</th><th>Purpose</th>
        <th>Keys</th><th>Location</th></tr>
      <xsl:for-each select="$mdv/odm:ItemGroupDef">
        <tr>
          <td><a href="#{@OID}"><xsl:value-of select="@Name"/></a></td>
          <td><xsl:value-of select="odm:Description/odm:TranslatedText"/></td>
          <td><xsl:value-of select="def:Class/@Name"/>
            <xsl:for-each select="def:Class/def:SubClass"> / <xsl:value-of select="@Name"/></xsl:for-each></td>
          <td><xsl:value-of select="@def:Structure"/></td>
          <td><xsl:value-of select="@Purpose"/></td>
          <td><xsl:call-template name="keys"/></td>
          <td><xsl:apply-templates select="def:leaf" mode="file"/></td>
        </tr>
      </xsl:for-each>
    </table>
  </xsl:template>

  <xsl:template name="keys">
    <xsl:for-each select="odm:ItemRef[@KeySequence]">
      <xsl:sort select="@KeySequence" data-type="number"/>
      <xsl:value-of select="key('item', @ItemOID)/@Name"/>
      <xsl:if test="position() != last()">, </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="def:leaf" mode="file">
    <a href="{@xlink:href}"><xsl:value-of select="def:title"/></a>
  </xsl:template>

  <!-- ============================== one dataset ============================== -->
  <xsl:template match="odm:ItemGroupDef">
    <table id="{@OID}" class="dataset">
      <caption><xsl:value-of select="@Name"/> (<xsl:value-of select="odm:Description/odm:TranslatedText"/>)
        - <xsl:apply-templates select="def:leaf" mode="file"/>
        <xsl:if test="@def:CommentOID">
          <span class="small"> <xsl:apply-templates select="key('comment', @def:CommentOID)" mode="inline"/></span>
        </xsl:if>
        <a class="back" href="#top"> [top]</a></caption>
      <tr><th>Variable</th><th>Label</th><th>Key</th><th>Type</th><th>Length</th>
        <th>Controlled Terms or Format</th><th>Origin</th><th>Derivation / Comment</th></tr>
      <xsl:for-each select="odm:ItemRef">
        <xsl:sort select="@OrderNumber" data-type="number"/>
        <xsl:apply-templates select="key('item', @ItemOID)" mode="row">
          <xsl:with-param name="ref" select="."/>
        </xsl:apply-templates>
      </xsl:for-each>
    </table>
  </xsl:template>

  <xsl:template match="odm:ItemDef" mode="row">
    <xsl:param name="ref"/>
    <tr id="{@OID}">
      <td><xsl:value-of select="@Name"/>
        <xsl:if test="def:ValueListRef">
          <br/><a class="small" href="#{def:ValueListRef/@ValueListOID}">value-level metadata</a></xsl:if></td>
      <td><xsl:value-of select="odm:Description/odm:TranslatedText"/></td>
      <td><xsl:value-of select="$ref/@KeySequence"/></td>
      <td><xsl:value-of select="@DataType"/></td>
      <td><xsl:value-of select="@Length"/>
        <xsl:if test="@SignificantDigits"> (<xsl:value-of select="@SignificantDigits"/> dp)</xsl:if></td>
      <td><xsl:call-template name="terms"/></td>
      <td><xsl:apply-templates select="def:Origin"/></td>
      <td><xsl:call-template name="derivation"><xsl:with-param name="ref" select="$ref"/></xsl:call-template></td>
    </tr>
  </xsl:template>

  <xsl:template name="terms">
    <xsl:for-each select="odm:CodeListRef">
      <xsl:variable name="cl" select="key('codelist', @CodeListOID)"/>
      <a href="#{@CodeListOID}"><xsl:value-of select="$cl/@Name"/></a>
      <xsl:if test="$cl/odm:ExternalCodeList">
        <span class="small"> (<xsl:value-of select="$cl/odm:ExternalCodeList/@Dictionary"/>
          <xsl:text> </xsl:text><xsl:value-of select="$cl/odm:ExternalCodeList/@Version"/>)</span>
      </xsl:if>
    </xsl:for-each>
    <xsl:if test="@def:DisplayFormat"><xsl:value-of select="@def:DisplayFormat"/></xsl:if>
  </xsl:template>

  <xsl:template match="def:Origin">
    <xsl:value-of select="@Type"/>
    <xsl:if test="@Source"> (<xsl:value-of select="@Source"/>)</xsl:if>
    <xsl:if test="odm:Description">: <xsl:value-of select="odm:Description/odm:TranslatedText"/></xsl:if>
    <xsl:for-each select="def:DocumentRef">
      <br/><a href="{key('leaf', @leafID)/@xlink:href}"><xsl:value-of select="key('leaf', @leafID)/def:title"/></a>
      <xsl:for-each select="def:PDFPageRef"> p. <xsl:value-of select="@PageRefs"/></xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="derivation">
    <xsl:param name="ref"/>
    <xsl:if test="$ref/@MethodOID">
      <a href="#{$ref/@MethodOID}"><xsl:value-of select="key('method', $ref/@MethodOID)/odm:Description/odm:TranslatedText"/></a>
    </xsl:if>
    <xsl:if test="@def:CommentOID">
      <xsl:if test="$ref/@MethodOID"><br/></xsl:if>
      <xsl:apply-templates select="key('comment', @def:CommentOID)" mode="inline"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="def:CommentDef" mode="inline">
    <a href="#{@OID}"><xsl:value-of select="odm:Description/odm:TranslatedText"/></a>
  </xsl:template>

  <!-- ============================== value-level metadata ============================== -->
  <xsl:template match="def:ValueListDef">
    <xsl:variable name="parent" select="$mdv/odm:ItemDef[def:ValueListRef/@ValueListOID = current()/@OID]"/>
    <table id="{@OID}">
      <caption>Value-level metadata: <xsl:value-of select="substring-after(@OID, 'VL.')"/>
        <xsl:text> </xsl:text><a class="back" href="#{$parent/@OID}">[variable]</a></caption>
      <tr><th>Variable</th><th>Where</th><th>Type</th><th>Length</th><th>Controlled Terms</th>
        <th>Origin</th><th>Derivation / Comment</th><th>Description</th></tr>
      <xsl:for-each select="odm:ItemRef">
        <xsl:sort select="@OrderNumber" data-type="number"/>
        <xsl:variable name="it" select="key('item', @ItemOID)"/>
        <xsl:variable name="vref" select="."/>
        <tr id="{@ItemOID}">
          <td><xsl:value-of select="$it/@Name"/></td>
          <td><xsl:apply-templates select="key('where', def:WhereClauseRef/@WhereClauseOID)"/></td>
          <td><xsl:value-of select="$it/@DataType"/></td>
          <td><xsl:value-of select="$it/@Length"/>
            <xsl:if test="$it/@SignificantDigits"> (<xsl:value-of select="$it/@SignificantDigits"/> dp)</xsl:if></td>
          <td><xsl:for-each select="$it"><xsl:call-template name="terms"/></xsl:for-each></td>
          <td><xsl:apply-templates select="$it/def:Origin"/></td>
          <td><xsl:for-each select="$it"><xsl:call-template name="derivation">
            <xsl:with-param name="ref" select="$vref"/></xsl:call-template></xsl:for-each></td>
          <td><xsl:value-of select="$it/odm:Description/odm:TranslatedText"/></td>
        </tr>
      </xsl:for-each>
    </table>
  </xsl:template>

  <xsl:template match="def:WhereClauseDef">
    <xsl:for-each select="odm:RangeCheck">
      <xsl:value-of select="key('item', @def:ItemOID)/@Name"/>
      <xsl:text> </xsl:text><xsl:value-of select="@Comparator"/><xsl:text> </xsl:text>
      <xsl:for-each select="odm:CheckValue"><xsl:value-of select="."/>
        <xsl:if test="position() != last()">, </xsl:if></xsl:for-each>
      <xsl:if test="position() != last()"> and </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================== codelists ============================== -->
  <xsl:template match="odm:CodeList">
    <table id="{@OID}">
      <caption><xsl:value-of select="@Name"/>
        <xsl:if test="odm:Alias[@Context='nci:ExtCodeID']"> [<xsl:value-of select="odm:Alias[@Context='nci:ExtCodeID']/@Name"/>]</xsl:if>
        <xsl:if test="@def:StandardOID"><span class="small"> <xsl:value-of select="key('standard', @def:StandardOID)/@Name"/>
          <xsl:text> </xsl:text><xsl:value-of select="key('standard', @def:StandardOID)/@Version"/></span></xsl:if>
      </caption>
      <tr><th>Permitted Value (Code)</th><th>Display Value (Decode)</th><th>NCI Code</th></tr>
      <xsl:for-each select="odm:CodeListItem | odm:EnumeratedItem">
        <tr>
          <td><xsl:value-of select="@CodedValue"/>
            <xsl:if test="@def:ExtendedValue = 'Yes'"><span class="ext"> *</span></xsl:if></td>
          <td><xsl:value-of select="odm:Decode/odm:TranslatedText"/></td>
          <td><xsl:value-of select="odm:Alias[@Context='nci:ExtCodeID']/@Name"/></td>
        </tr>
      </xsl:for-each>
    </table>
    <xsl:if test="*/@def:ExtendedValue = 'Yes'"><p class="small">* Extended value (not in CDISC CT)</p></xsl:if>
  </xsl:template>

  <xsl:template name="dictionaries">
    <xsl:if test="$mdv/odm:CodeList/odm:ExternalCodeList">
      <h2 id="dictionaries">External Dictionaries</h2>
      <table>
        <tr><th>Reference name</th><th>Dictionary</th><th>Version</th></tr>
        <xsl:for-each select="$mdv/odm:CodeList[odm:ExternalCodeList]">
          <tr id="{@OID}"><td><xsl:value-of select="@Name"/></td>
            <td><xsl:value-of select="odm:ExternalCodeList/@Dictionary"/></td>
            <td><xsl:value-of select="odm:ExternalCodeList/@Version"/></td></tr>
        </xsl:for-each>
      </table>
    </xsl:if>
  </xsl:template>

  <!-- ============================== methods and comments ============================== -->
  <xsl:template name="methods">
    <xsl:if test="$mdv/odm:MethodDef">
      <h2 id="methods">Methods</h2>
      <table>
        <tr><th>Method</th><th>Type</th><th>Description</th></tr>
        <xsl:for-each select="$mdv/odm:MethodDef">
          <tr id="{@OID}"><td><xsl:value-of select="@Name"/></td><td><xsl:value-of select="@Type"/></td>
            <td><xsl:value-of select="odm:Description/odm:TranslatedText"/>
              <xsl:for-each select="def:DocumentRef"><br/>
                <xsl:apply-templates select="key('leaf', @leafID)" mode="file"/></xsl:for-each></td></tr>
        </xsl:for-each>
      </table>
    </xsl:if>
  </xsl:template>

  <xsl:template name="comments">
    <xsl:if test="$mdv/def:CommentDef">
      <h2 id="comments">Comments</h2>
      <table>
        <tr><th>Comment</th><th>Description</th></tr>
        <xsl:for-each select="$mdv/def:CommentDef">
          <tr id="{@OID}"><td><xsl:value-of select="@OID"/></td>
            <td><xsl:value-of select="odm:Description/odm:TranslatedText"/>
              <xsl:for-each select="def:DocumentRef"><br/>
                <xsl:apply-templates select="key('leaf', @leafID)" mode="file"/></xsl:for-each></td></tr>
        </xsl:for-each>
      </table>
    </xsl:if>
  </xsl:template>

  <!-- ============================== analysis results (ARM 1.0) ============================== -->
  <xsl:template name="analysis-results">
    <xsl:if test="$mdv/arm:AnalysisResultDisplays">
      <h2 id="analysisresults">Analysis Results Metadata</h2>
      <xsl:for-each select="$mdv/arm:AnalysisResultDisplays/arm:ResultDisplay">
        <table id="{@OID}">
          <caption><xsl:value-of select="@Name"/>: <xsl:value-of select="odm:Description/odm:TranslatedText"/></caption>
          <xsl:for-each select="arm:AnalysisResult">
            <tr><th colspan="2"><xsl:value-of select="odm:Description/odm:TranslatedText"/></th></tr>
            <tr><td>Reason / purpose</td><td><xsl:value-of select="@AnalysisReason"/> /
              <xsl:value-of select="@AnalysisPurpose"/></td></tr>
            <xsl:if test="@ParameterOID"><tr><td>Parameter</td>
              <td><xsl:value-of select="key('item', @ParameterOID)/@Name"/></td></tr></xsl:if>
            <xsl:for-each select="arm:AnalysisDatasets/arm:AnalysisDataset">
              <tr><td>Analysis dataset</td><td>
                <a href="#{@ItemGroupOID}"><xsl:value-of select="substring-after(@ItemGroupOID, 'IG.')"/></a>
                <xsl:for-each select="def:WhereClauseRef">; records where
                  <xsl:apply-templates select="key('where', @WhereClauseOID)"/></xsl:for-each>
                <xsl:if test="arm:AnalysisVariable">; analysis variables:
                  <xsl:for-each select="arm:AnalysisVariable">
                    <xsl:value-of select="key('item', @ItemOID)/@Name"/>
                    <xsl:if test="position() != last()">, </xsl:if></xsl:for-each></xsl:if>
              </td></tr>
            </xsl:for-each>
            <xsl:if test="arm:Documentation"><tr><td>Method</td>
              <td><xsl:value-of select="arm:Documentation/odm:Description/odm:TranslatedText"/></td></tr></xsl:if>
            <xsl:if test="arm:ProgrammingCode"><tr><td>Programming code
              <span class="small"><xsl:value-of select="arm:ProgrammingCode/@Context"/></span></td>
              <td><pre><xsl:value-of select="arm:ProgrammingCode/arm:Code"/></pre></td></tr></xsl:if>
          </xsl:for-each>
        </table>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
