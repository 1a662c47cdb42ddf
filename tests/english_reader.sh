#!/usr/bin/env bash
# What a reader of English output sees (issue 21 and 19, docs/english.md "Markup, a firm in
# headlines, bands, genres", 2026-12-05, english16): no entity inside AG News' escaped HTML
# markup; listed firms in headlines and lists; bands; genres; possessives; teams' short
# names; datelines; headlines' first words.  Exact spans, labels and kb_ids.
# Usage: english_reader.sh TAGGER SRCDIR
set -u
tagger=$1
. "$(dirname "$0")/lib.sh"
# entities of the named labels as "start-end|text|label|kb_id", one a line
run() { printf '%s' "$1" | "$tagger" --no-topics --lang en | entity_fields span text label kb_id |
        grep -E '\|(PERSON|ORG|GPE|LOC|FAC|NORP|PRODUCT|EVENT|WORK_OF_ART)\|'; }

# escaped markup: no span starts inside a tag or an escape, one that runs into it ends before
# it (was "lt;B" and "The Washington Post&lt;/B&gt" ORG)
expect "escaped bold tag" "72-91|The Washington Post|ORG|washington-post" \
  "$(run 'Trial runs show robust results. size="-2"  color="#666666"&gt;&lt;B&gt;-The Washington Post&lt;/B&gt;&lt;/FONT&gt;')"
# a URL inside an escaped link and a colour code inside an escaped font tag (were GPE, ORG)
expect "escaped link and font" "0-5|Nokia|ORG|nokia
110-115|Nokia|ORG|nokia
208-221|CNET News.com|ORG|cnet-news-com" \
  "$(run 'Nokia To Expand On-Device Storage Options

&lt;a href="http://news.com.com/Nokia/2100-1039_3-5365922.html"&gt;Nokia joins Secure Digital industry group&lt;/a&gt; &lt;font size=-1 color=#6f6f6f&gt;&lt;nobr&gt;CNET News.com&lt;/nobr&gt;')"
# a ticker in an escaped tag after its firm, and a line break tag before a verb
expect "escaped ticker, break" "25-45|Lockheed Martin Corp|ORG|lockheed-martin" \
  "$(run 'No. 1 defense contractor Lockheed Martin Corp. &lt;LMT.N&gt; reported a 41 percent rise.&lt;br/&gt;Find out how.')"

# a listed firm the model calls a place, opening a headline before "to" or a verb's -s, or in
# a list with a listed firm (was GPE)
expect "Amazon to Buy" "0-6|Amazon|ORG|amazon
14-21|Chinese|NORP|china-norp
59-69|Amazon.com|ORG|amazon" "$(run 'Amazon to Buy Chinese Retailer Joyo.com

Internet retailer Amazon.com said it would buy the firm.')"
expect "Microsoft, Amazon to" "0-9|Microsoft|ORG|microsoft
11-17|Amazon|ORG|amazon" "$(run 'Microsoft, Amazon to combine forces

Individually they have been unstoppable.')"
expect "Amazon and Microsoft" "35-41|Amazon|ORG|amazon
46-55|Microsoft|ORG|microsoft" "$(run 'Spammers were accused of imitating Amazon and Microsoft, the companies said Tuesday.')"
# a headline's cut ORG takes the label of the article's span on its words (was ORG)
expect "headline cut, body's label" "0-9|Caribbean|LOC|caribbean
40-42|AP|ORG|associated-press
45-47|AP|ORG|associated-press
143-152|Caribbean|LOC|caribbean" "$(run 'Caribbean Braces for Another Hurricane (AP)

AP - Islanders boarded up homes as the fourth major hurricane of the season churned closer to the Caribbean, packing sustained winds of 105 mph.')"
# a listed band the model calls a person, in a sentence or document about music (was PERSON)
expect "Franz Ferdinand, the band" "0-7|Glasgow|GPE|glasgow-gb
10-25|Franz Ferdinand|ORG|franz-ferdinand" \
  "$(run "Glasgow's Franz Ferdinand earned a place at number nine for their home-town gig.")"
expect "Franz Ferdinand, the band's document" "0-15|Franz Ferdinand|ORG|franz-ferdinand" \
  "$(run "Franz Ferdinand must be paying serious amounts of tax. The proposals would tax music.")"
# a genre is no entity (was ORG)
expect "R&B" "" "$(run 'There are core elements that include hip-hop, R&B, garage and soul.')"
# an institution's possessive before a person's two words (was one ORG)
expect "SETI Institute's Seth Shostak" "4-18|SETI Institute|ORG|
21-33|Seth Shostak|PERSON|" "$(run "The SETI Institute's Seth Shostak discusses how hyperbole can misrepresent the search.")"
# "Lions" in an article on the Detroit Lions is not the British and Irish Lions; in a rugby
# sentence it is
expect "Lions, Detroit Lions" "0-5|Lions|ORG|
8-14|Rogers|PERSON|
34-41|Chicago|GPE|chicago
43-45|IL|GPE|
47-61|Sports Network|ORG|the-sports-network
65-78|Detroit Lions|ORG|detroit-lions
93-107|Charles Rogers|PERSON|" "$(run "Lions ' Rogers could miss season

Chicago, IL (Sports Network) - Detroit Lions wide receiver Charles Rogers will likely miss the remainder of the season.")"
expect "Lions, the touring side" "17-28|New Zealand|GPE|new-zealand
38-43|Lions|ORG|british-and-irish-lions" "$(run 'He hopes to tour New Zealand with the Lions this summer.')"
# a dateline's place in capitals before a wire's credit or a country and a dash (was ORG,
# and nothing)
expect "UNITED NATIONS (Reuters) -" "0-6|Russia|GPE|russia
33-47|UNITED NATIONS|GPE|
49-56|Reuters|ORG|reuters
60-66|Russia|GPE|russia
89-105|Security Council|ORG|un-security-council" "$(run 'Russia presses asylum crackdown

UNITED NATIONS (Reuters) - Russia on Thursday asked the Security Council to act.')"
expect "MARAGUNDON, Philippines --" "26-37|Philippines|GPE|philippines
39-49|MARAGUNDON|GPE|
51-62|Philippines|GPE|philippines" "$(run 'Quake kills nearly 340 in Philippines

MARAGUNDON, Philippines -- A powerful earthquake struck the island.')"
# a Title Case headline's first word English writes in lower case is no part of a person
# (was "Battling Davenport", "Militia" GPE)
expect "Battling Davenport" "9-18|Davenport|PERSON|lindsay-davenport
34-51|Lindsay Davenport|PERSON|lindsay-davenport
57-72|Serena Williams|PERSON|serena-williams" "$(run 'Battling Davenport Reaches Final

Lindsay Davenport beat Serena Williams on Friday.')"
expect "Militia Leader" "" "$(run 'Militia Leader Surrenders to Police

A militia leader gave himself up on Monday.')"
# a film's title after "role in" or "movie, " in an article about films (was GPE); not a
# listed place ("role in Iraq")
expect "role in Vera Drake" "0-15|Imelda Staunton|PERSON|
49-59|Vera Drake|PRODUCT|
81-91|Mike Leigh|PERSON|" "$(run "Imelda Staunton won best actress for her role in Vera Drake. The film's director Mike Leigh was also praised.")"
expect "latest movie, Eucalyptus" "0-13|Nicole Kidman|PERSON|
45-55|Eucalyptus|PRODUCT|
62-75|Russell Crowe|PERSON|
96-105|Australia|GPE|australia" "$(run "Nicole Kidman will star in her latest movie, Eucalyptus, with Russell Crowe. The film is set in Australia.")"
expect "role in Iraq" "15-22|Britain|GPE|united-kingdom
33-37|Iraq|GPE|iraq" "$(run "Blair defended Britain's role in Iraq. The film about the war opened on Friday, and the actor spoke.")"
# "LSE" is the London Stock Exchange where the article defines it so (was the London School
# of Economics everywhere)
expect "LSE" "0-5|Lords|ORG|house-of-lords
32-53|London Stock Exchange|ORG|london-stock-exchange
55-58|LSE|ORG|london-stock-exchange
82-85|LSE|ORG|london-stock-exchange" "$(run "Lords set to back the bill. The London Stock Exchange (LSE) rejected the bid. The LSE said on Monday it would talk.")"
# english17 (docs/english.md, 2026-12-05): a lone "United" takes the one listed "... United"
# club the document names, not one of two, not a club found through an ambiguous alias
expect "United, one club" "0-8|Ferguson|PERSON|
14-31|Manchester United|ORG|manchester-united-fc
46-52|United|ORG|manchester-united-fc" "$(run 'Ferguson said Manchester United were unlucky. United had the better chances.')"
expect "United, two clubs" "0-17|Manchester United|ORG|manchester-united-fc
23-39|Newcastle United|ORG|newcastle-united
53-59|United|ORG|" "$(run 'Manchester United beat Newcastle United on Saturday. United had the better chances.')"
# a lone "Bush" is George W. Bush after "President" or with his full name in the document,
# else unlinked (Jeb Bush's article)
expect "President Bush" "10-14|Bush|PERSON|george-w-bush" "$(run 'President Bush said the talks went well.')"
expect "George W Bush" "23-36|George W Bush|PERSON|george-w-bush
58-62|Bush|PERSON|george-w-bush" "$(run 'The bill was signed by George W Bush in May. Critics said Bush had acted too late.')"
expect "Jeb Bush" "0-8|Jeb Bush|PERSON|
48-52|Bush|PERSON|" "$(run 'Jeb Bush said the talks went well. Critics said Bush had acted too late.')"
# the club Barcelona where the model says ORG; Everton one entry (was `everton` and `everton-fc`)
expect "Barcelona the club" "0-7|Chelsea|ORG|chelsea-fc
16-25|Barcelona|ORG|fc-barcelona
46-62|Champions League|EVENT|uefa-champions-league" "$(run 'Chelsea take on Barcelona on Wednesday in the Champions League.')"
expect "Everton" "0-7|Everton|ORG|everton-fc
13-19|Fulham|ORG|fulham-org" "$(run 'Everton beat Fulham 2-0 on Saturday.')"
# new entries: Australia's Adelaide (the csc list has only South Africa's), people of 2004-05 news
# whose surnames alone take the full name's entry
expect "Adelaide" "49-57|Adelaide|GPE|adelaide-au" "$(run 'Dent reached the final of the hardcourt event in Adelaide on Friday.')"
expect "Kilroy-Silk" "3-14|Kilroy-Silk|PERSON|robert-kilroy-silk
20-24|UKIP|ORG|uk-independence-party" "$(run 'Mr Kilroy-Silk quit UKIP last week.')"
expect "Foxx as Ray Charles" "0-10|Jamie Foxx|PERSON|jamie-foxx
36-47|Ray Charles|PERSON|ray-charles
49-53|Foxx|PERSON|jamie-foxx
59-66|Charles|PERSON|ray-charles" "$(run 'Jamie Foxx won for his portrayal of Ray Charles. Foxx said Charles was a hero.')"
# a party's name as a modifier keeps the model's NORP and takes the party's entry
expect "Lib Dem leader" "12-19|Lib Dem|NORP|liberal-democrats" "$(run 'He said the Lib Dem leader was wrong.')"
# the Davis Cup is a competition: EVENT (was ORG)
expect "Davis Cup" "0-7|Britain|GPE|united-kingdom
13-20|Austria|GPE|austria
28-37|Davis Cup|EVENT|davis-cup" "$(run 'Britain face Austria in the Davis Cup next month.')"
# a place before a contest's word is the contest: one EVENT span (was GPE "Japan", "Manchester")
expect "Japan Open" "0-6|Hewitt|PERSON|
19-29|Japan Open|EVENT|
31-33|AP|ORG|associated-press
36-38|AP|ORG|associated-press
52-66|Lleyton Hewitt|PERSON|" "$(run 'Hewitt Advances at Japan Open (AP)

AP - Top seeded Lleyton Hewitt won on Wednesday.')"
expect "Manchester Games" "34-50|Manchester Games|EVENT|" "$(run 'He kept Idowu off top spot at the Manchester Games.')"
# tennis's Australian Open: one EVENT with its entry (was NORP "Australian")
expect "Australian Open" "14-29|Australian Open|EVENT|australian-open" "$(run 'The centenary Australian Open will be the first Grand Slam of the year.')"
# 2026-12-05 (reader9, docs/junk.md): a contest's word inside the model's ORG or place span (was
# ORG, GPE); Kobe Bryant (was GPE "Kobe", Kobe, Japan); the brewer (was "Newcastle" of Newcastle
# United); "George Bush" and a lone "Bush" are George W. Bush (was the CoNLL list's george-bush,
# and unlinked), but not where another full name ends in "Bush"
expect "London Marathon" "0-15|Paula Radcliffe|PERSON|paula-radcliffe
24-39|London Marathon|EVENT|
62-83|Flora London Marathon|EVENT|" \
  "$(run 'Paula Radcliffe won the London Marathon last year and ran the Flora London Marathon again.')"
expect "Kobe Bryant" "37-41|U.S.|GPE|united-states
58-69|Kobe Bryant|PERSON|kobe-bryant" \
  "$(run 'Prosecutors in the rape case against U.S. basketball star Kobe Bryant are questioning the DNA evidence.')"
expect "Scottish and Newcastle" "4-6|UK|GPE|united-kingdom
25-47|Scottish and Newcastle|ORG|scottish-and-newcastle
49-52|S&N|ORG|scottish-and-newcastle
74-79|India|GPE|india
82-98|United Breweries|ORG|" \
  "$(run "The UK's biggest brewer, Scottish and Newcastle (S&N), is to buy 37.5% of India's United Breweries.")"
expect "George Bush, Bush" "29-31|US|GPE|united-states
42-53|George Bush|PERSON|george-w-bush
55-59|Bush|PERSON|george-w-bush" "$(run 'He spoke on the telephone to US President George Bush. Bush said aid would come.')"
expect "Jeb Bush, Bush" "0-7|Florida|GPE|florida
17-25|Jeb Bush|PERSON|
51-55|Bush|PERSON|" "$(run 'Florida Governor Jeb Bush said the storm was over. Bush thanked the workers.')"
# 2026-12-05 (reader13): a web address's dot is a '-' in its id (were spacecom, cnet-newscom), an
# outlet's website is the outlet (were forbescom, ftcom, washingtonpostcom); AG's "Lord 's" the ground
expect "websites: their outlet, or a readable id" "0-10|Forbes.com|ORG|forbes
15-21|FT.com|ORG|financial-times
35-44|SPACE.com|ORG|space-com" "$(run 'Forbes.com and FT.com reported it. SPACE.com has the pictures.')"
expect "washingtonpost.com in a credit" "0-14|Microsoft Corp|ORG|microsoft
17-35|washingtonpost.com|ORG|washington-post" \
  "$(run 'Microsoft Corp. (washingtonpost.com) - The software maker said it would cut prices.')"
expect "Lord 's (AG News)" "0-9|Australia|GPE|australia
45-53|Pakistan|GPE|pakistan
57-64|Lord 's|FAC|lords-cricket-ground" "$(run "Australia scored 269-6 from 50 overs against Pakistan at Lord 's.")"
# 2026-12-06 (reader30en, issue 19): AG News' "O 'Keefe" (its decoded "&#39;" after a space) is
# one surname (were "Sean O" and "Keefe"); a school named by its team in a sentence about its
# sport is the school (were PERSON, unlinked)
expect "Sean O 'Keefe" "0-4|NASA|ORG|nasa
11-24|Sean O 'Keefe|PERSON|
32-42|Washington|GPE|washington-dc
44-48|NASA|ORG|nasa
63-76|Sean O 'Keefe|PERSON|" "$(run "NASA chief Sean O 'Keefe quits

Washington: NASA Administrator Sean O 'Keefe has resigned.")"
expect "Massimo D 'Alema" "0-16|Massimo D 'Alema|PERSON|" "$(run "Massimo D 'Alema met O 'Neill on Monday.")"
expect "Notre Dame head coach" "0-4|Weis|PERSON|
19-29|Notre Dame|ORG|university-of-notre-dame
41-53|Charlie Weis|PERSON|" "$(run 'Weis Sues Doctors

Notre Dame head coach Charlie Weis files suit against the doctors who operated on him.')"
expect "game against Clemson" "0-9|Lou Holtz|PERSON|
21-35|South Carolina|GPE|south-carolina
75-82|Clemson|ORG|clemson-university" \
  "$(run 'Lou Holtz wanted his South Carolina players to focus on their game against Clemson.')"
# "the Brits" with a word of music or awards is the Brit Awards (was GPE, the South African town
# brits-za, BBC x11), without one no entity; the town with a word of South Africa
expect "Brits, the awards" "37-44|British|NORP|united-kingdom-norp
64-69|Brits|EVENT|brit-awards" \
  "$(run 'The debut album, which took the best British album title at the Brits on Tuesday, moved up.')"
expect "Brits, people" "" "$(run 'Many Brits are heavy drinkers, the survey found.')"
expect "Brits, the town" "14-19|Brits|GPE|brits-za
21-33|South Africa|GPE|south-africa" "$(run 'He grew up in Brits, South Africa.')"
# two one-word names joined by "and", the model's PERSON and ORG, are two people, and so are the
# ORG word's other mentions (were ORG x9, AG News' "Abbott and Costello" sketch); not after a
# capitalized word ("Dr Pepper and Snapple" keeps the brand)
expect "Abbott and Costello" "17-23|Abbott|PERSON|
28-36|Costello|PERSON|
61-67|Abbott|PERSON|
94-102|Costello|PERSON|" \
  "$(run "My appologies to Abbott and Costello...  I couldn't resist.  Abbott: I say Blogs's on first.  Costello: Is Blog the publisher?")"
expect "Dr Pepper and Snapple" "54-61|Snapple|ORG|" \
  "$(run 'The owner of brands such as Dairy Milk, Dr Pepper and Snapple generates more than 80% of its sales outside the UK.' | grep Snapple)"
# a name's lower-case particles are inside it, with the word before them when that is a span
# or a first name (were GPE "Osama" and PERSON "Laden"); a lone "Saddam", "Sprint Corp" linked
expect "Osama bin Laden, bin Laden" "50-65|Osama bin Laden|PERSON|osama-bin-laden
88-97|bin Laden|PERSON|osama-bin-laden" \
  "$(run 'They may have thwarted several attacks planned by Osama bin Laden. The agency concluded bin Laden is being sheltered.' | grep PERSON)"
expect "Saddam, Sprint Corp" "29-35|Saddam|PERSON|saddam-hussein
74-85|Sprint Corp|ORG|sprint" \
  "$(run 'Dutchman suspected of aiding Saddam in war crimes is arrested.  Shares of Sprint Corp rose.' | grep -v GPE)"
# a model name the document uses as a work's title (quoted alone in a sentence about songs,
# films or books; "X is a decent song") is a PRODUCT in all its spans, and no pair of people
# is made with it (were PERSON x32, BBC's readers' comments on Robbie Williams' song); with no
# such words "Robbie and Angels" stays two people
expect "Angels, the song" "24-30|Angels|PRODUCT|
95-101|Robbie|PERSON|
106-112|Angels|PRODUCT|
131-137|Angels|PRODUCT|" \
  "$(run "I very much doubt that 'Angels' was even the best song of the week that it came out. Ok I like Robbie and Angels is a decent song. Angels is middle-of-the-road rubbish.")"
# datelines without their dash (AG News lost it) before a state's abbreviation or a listed
# place, or after a wire's name and a dash: the place and the state are GPE (were ORG
# clemson-university, PERSON, ORG "NY - Army"), the credit in parentheses an ORG (was GPE)
expect "CLEMSON, SC" "11-17|Tigers|ORG|
25-32|CLEMSON|GPE|clemson-sc-us
34-36|SC|GPE|
37-51|South Carolina|GPE|south-carolina" \
  "$(run "Gamecocks, Tigers brawl

CLEMSON, SC South Carolina and Clemson duked it out." | grep -v Clemson)"
expect "Canadian Press - VERNON, B.C. (CP)" "16-30|Canadian Press|ORG|canadian-press
33-47|Canadian Press|ORG|canadian-press
50-56|VERNON|GPE|
58-62|B.C.|GPE|
64-66|CP|ORG|" \
  "$(run "Mountie killed (Canadian Press)

Canadian Press - VERNON, B.C. (CP) - Vernon RCMP have identified the auxiliary officer killed." | grep -v PERSON)"
expect "WEST POINT, NY - Army" "38-48|WEST POINT|GPE|
50-52|NY|GPE|
55-59|Army|ORG|" \
  "$(run "Army To Meet Navy In Sprint Football

WEST POINT, NY - Army 's sprint football team will conclude its 2004 campaign Friday." | grep -v Navy)"
expect "CRAWFORD, Texas As" "15-23|CRAWFORD|GPE|
25-30|Texas|GPE|texas" \
  "$(run "Bush at ranch

CRAWFORD, Texas As President Bush prepares for a second term, the mood is calm." | grep -v Bush)"
expect "EU, US agree" "0-2|EU|ORG|european-union
4-6|US|GPE|united-states" "$(run 'EU, US agree on trade rules')"
# a lone "Ronaldo" is the Brazilian where a word of Brazil stands in its sentence or in another
# "Ronaldo"'s of the document (was cristiano-ronaldo), else Cristiano Ronaldo
expect "Brazilian striker Ronaldo" "46-55|Brazilian|NORP|brazil-norp
64-71|Ronaldo|PERSON|ronaldo-nazario
105-112|Ronaldo|PERSON|ronaldo-nazario" \
  "$(run 'Real took the lead just before the break when Brazilian striker Ronaldo cracked home with his left foot. Ronaldo then limped off.')"
expect "Portuguese youngster Ronaldo" "45-52|Ronaldo|PERSON|cristiano-ronaldo
108-115|Ronaldo|PERSON|cristiano-ronaldo" \
  "$(run "Fortune gave United the lead, rising to meet Ronaldo's cross after the Portuguese youngster had cut inside. Ronaldo scored again." | grep Ronaldo)"
# the Caribs are a people (were LOC, CoNLL's induced entry)
expect "the Caribs" "4-10|Caribs|NORP|caribs
44-50|Caribs|NORP|caribs
83-88|Carib|NORP|caribs" \
  "$(run 'The Caribs have long denied it. About 3,000 Caribs live on the island of Dominica. Carib Chief Charles Williams said so.' | grep NORP)"
# a town named with its state or country after a comma links to an entry of that state or
# country, or to none (issue 19, reader32en: were richmond-ca, georgetown-gy, alexandria-eg;
# the title's "Richmond" follows the dateline's), a state after a town of another country is
# that country (was georgia-state-us), a list of places has no region (guard), a military
# base's dateline is a FAC (was one GPE)
expect "RICHMOND, Va." "14-22|Richmond|GPE|
24-32|RICHMOND|GPE|
34-36|Va|GPE|virginia" \
  "$(run 'Fair opens at Richmond

RICHMOND, Va. - The state fair opened on Friday with record crowds.')"
expect "GEORGETOWN, Del., Nov. 18" "20-30|GEORGETOWN|GPE|
32-35|Del|GPE|" \
  "$(run 'Court hears appeal

GEORGETOWN, Del., Nov. 18 -- A county judge heard the appeal on Thursday.')"
expect "Alexandria, Virginia" "30-40|Alexandria|GPE|
42-50|Virginia|GPE|virginia" \
  "$(run 'The firm moved its offices to Alexandria, Virginia, last year.')"
expect "TBILISI, Georgia" "0-7|TBILISI|GPE|tbilisi-ge
9-16|Georgia|GPE|georgia" \
  "$(run 'TBILISI, Georgia - The president spoke to parliament on Monday.')"
expect "Atlanta, Georgia" "18-25|Atlanta|GPE|atlanta
27-34|Georgia|GPE|georgia-state-us" \
  "$(run 'The hotel is near Atlanta, Georgia, and opened in May.')"
expect "Toronto, South Korea and Madrid" "18-25|Toronto|GPE|toronto-ca
27-38|South Korea|GPE|south-korea
43-49|Madrid|GPE|madrid" \
  "$(run 'The tour stops in Toronto, South Korea and Madrid next spring.')"
expect "KINSHASA, Congo" "0-8|KINSHASA|GPE|kinshasa-cd" \
  "$(run 'KINSHASA, Congo (AP) - Gunmen attacked a village on Sunday.' | grep KINSHASA)"
expect "GUANTANAMO BAY NAVAL BASE, Cuba" "31-56|GUANTANAMO BAY NAVAL BASE|FAC|
58-62|Cuba|GPE|cuba" \
  "$(run 'Detainee appears before panel

GUANTANAMO BAY NAVAL BASE, Cuba - A detainee appeared before a military panel on Tuesday.')"
# CoNLL-induced places merged into the entry they denote (issue 19, reader32en): a former
# name (were LOC kiev, bombay, calcutta, macedonia)
expect "Kiev" "18-22|Kiev|GPE|kyiv-ua" \
  "$(run 'The envoy flew to Kiev on Monday for talks with the Ukrainian government.' | grep Kiev)"
expect "Bombay and Calcutta" "21-27|Bombay|GPE|mumbai
32-40|Calcutta|GPE|kolkata" "$(run 'The film was shot in Bombay and Calcutta last winter.')"
expect "Macedonia" "46-55|Macedonia|GPE|north-macedonia" \
  "$(run 'The pipeline will cross Albania, Bulgaria and Macedonia.' | grep Macedonia)"
# a model ORG on a listed firm stays the firm beside a person of its surname (issue 19,
# reader32en: "Disney" was PERSON ×2 after "Roy Disney"); in a list of people it is the person
expect "Disney's board, Roy Disney" "11-17|Disney|ORG|walt-disney
29-39|Roy Disney|PERSON|
63-69|Disney|ORG|walt-disney" \
  "$(run "Two former Disney directors, Roy Disney and Stanley Gold, told Disney's board on Monday that the chief executive must go." | grep Disney)"
# 2026-12-06 (reader33en, issue 19): a dateline's town decides its country's link (was
# congo-brazzaville: Kinshasa is the Democratic Republic's capital)
expect "KINSHASA, Congo: the DRC" "10-15|Congo|GPE|congo-kinshasa" \
  "$(run 'KINSHASA, Congo (AP) - Gunmen attacked a village on Sunday.' | grep Congo)"
# two people of two words joined by "and", the model's PERSON and an unlisted ORG (was ORG);
# not after a comma (a list of a firm's divisions), nor a listed name before a noun
expect "Roy Disney and Stanley Gold" "36-46|Roy Disney|PERSON|
51-63|Stanley Gold|PERSON|" \
  "$(run 'Disgruntled former Disney directors Roy Disney and Stanley Gold told Disney board Monday that CEO Michael Eisner should go.' | grep PERSON | grep -v Eisner)"
# a film's title after its kind's noun goes on over "of" and capitalized words (was PRODUCT
# "Maria Full"); "debut feature" is a film's kind (was PERSON "Salaam Bombay")
expect "drama Maria Full of Grace" "14-33|Maria Full of Grace|PRODUCT|" \
  "$(run 'Spanish drama Maria Full of Grace, about a Colombian woman who becomes a drug courier, got five nominations.' | grep Maria)"
expect "debut feature Salaam Bombay" "29-42|Salaam Bombay|PRODUCT|" \
  "$(run 'Since her 1988 debut feature Salaam Bombay! - nominated for an Oscar - Nair has made films.' | grep Bombay)"
# Georgia, a country and a US state: the document's other places decide (were the country,
# and the state in a list of countries after "Italy, "); unsure, no link
expect "Georgia, the state" "65-72|Georgia|GPE|georgia-state-us" \
  "$(run 'Auburn already has sewn up the Southeastern Conference West, and Georgia would need Tennessee to lose to have a chance.' | grep Georgia)"
expect "Georgia in a list of countries" "63-70|Georgia|GPE|georgia" \
  "$(run 'The second seeds have been drawn against Samoa, France, Italy, Georgia and Chinese Taipei.' | grep Georgia)"
expect "Georgia, unsure" "23-30|Georgia|GPE|" \
  "$(run 'The unnamed woman from Georgia says that a chip inside the cartridge fails.')"
# Perth, San Jose, Buenos Aires: canonical entries (were CoNLL's opaque LOC entries); an
# ambiguous town is linked with its country in the document or the region of its dateline
expect "Perth, Australia's" "39-44|Perth|GPE|perth-au" "$(run 'Australia were 72 for four at lunch in Perth on Thursday.' | grep Perth)"
expect "Perth, unsure" "54-59|Perth|GPE|" "$(run "She was due to take part in this week's Hopman Cup in Perth but decided to rest.")"
expect "SAN JOSE, Calif." "0-8|SAN JOSE|GPE|san-jose-us
10-15|Calif|GPE|california" "$(run 'SAN JOSE, Calif. - Apple Computer Inc. rolled out a new iPod.' | grep GPE)"
expect "Buenos Aires" "32-44|Buenos Aires|GPE|buenos-aires-ar" "$(run 'Nalbandian reached the final in Buenos Aires on Sunday.')"
# grounds named alone are facilities (were GPE, unlinked); "Muslim" is a NORP (was GPE, ORG)
expect "Twickenham, Murrayfield" "22-32|Twickenham|FAC|twickenham-stadium
45-56|Murrayfield|FAC|murrayfield-stadium" "$(run 'England beat Wales at Twickenham and drew at Murrayfield.' | grep FAC)"
expect "Muslim" "4-10|Muslim|NORP|muslims" "$(run 'Two Muslim girls were expelled on Wednesday.')"
finish
